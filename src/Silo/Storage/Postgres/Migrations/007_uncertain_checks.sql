-- When the provider was asked whether an uncertain message exists (UncertainSendSettler): at most once per
-- message, so a message the provider never got is sent one more time, never twice.
ALTER TABLE outbox ADD COLUMN checked_at bigint;
CREATE INDEX outbox_uncertain ON outbox (channel, completed_at) WHERE status = 'uncertain' AND checked_at IS NULL;
