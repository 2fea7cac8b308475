-- The same logical schema as SQLite's, with the columns several silos need to share work:
-- claimed_by/claim_until on reminders and outbox rows (a lease the claiming silo renews).
CREATE TABLE grain_state (
    grain_type text   NOT NULL,
    grain_key  text   NOT NULL,
    etag       bigint NOT NULL,
    state      bytea  NOT NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (grain_type, grain_key)
);

-- Times are Unix milliseconds (UTC); leases use the database's own clock (now()).
CREATE TABLE reminders (
    grain_type   text   NOT NULL,
    grain_key    text   NOT NULL,
    name         text   NOT NULL,
    due_at       bigint NOT NULL,
    period_ms    bigint,
    trace_parent text,
    claimed_by   text,
    claim_until  timestamptz,
    PRIMARY KEY (grain_type, grain_key, name)
);
-- "Due soon" stays an index range scan at millions of rows.
CREATE INDEX reminders_by_due ON reminders (due_at);
CREATE INDEX reminders_by_claimant ON reminders (claimed_by) WHERE claimed_by IS NOT NULL;

CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    grain_type      text    NOT NULL,
    grain_key       text    NOT NULL,
    tenant          text    NOT NULL,
    message_key     text    NOT NULL,
    channel         text    NOT NULL,
    recipient       text    NOT NULL,
    subject         text,
    body            text    NOT NULL,
    created_at      bigint  NOT NULL,
    next_attempt_at bigint  NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    status          text    NOT NULL DEFAULT 'pending',
    provider_id     text,
    last_error      text,
    delivery_stage  integer,
    -- Set just before a send through a channel that is not idempotent, cleared with its outcome:
    -- a row found with it set was being sent when the silo stopped, so it is uncertain, not resent.
    attempt_started bigint,
    completed_at    bigint,
    trace_parent    text,
    -- "Europe/Warsaw 08:00-21:00": checked again just before sending.
    send_window     text,
    sender          text,
    calendar        text,
    claimed_by      text,
    claim_until     timestamptz,
    UNIQUE (grain_type, grain_key, message_key)
);
-- "Claimable" reads only pending rows: sent and failed ones fall out of the index.
CREATE INDEX outbox_pending_by_time ON outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_by_claimant ON outbox (claimed_by) WHERE claimed_by IS NOT NULL;

CREATE TABLE inbox (
    scope        text   NOT NULL,
    idem_key     text   NOT NULL,
    request_hash text   NOT NULL,
    grain_type   text   NOT NULL,
    grain_key    text   NOT NULL,
    method       text   NOT NULL,
    result       bytea,
    created_at   bigint NOT NULL,
    PRIMARY KEY (scope, idem_key)
);

CREATE TABLE sandbox_messages (
    outbox_id bigint PRIMARY KEY,
    tenant    text   NOT NULL,
    grain_key text   NOT NULL,
    channel   text   NOT NULL,
    recipient text   NOT NULL,
    subject   text,
    body      text   NOT NULL,
    sent_at   bigint NOT NULL
);
CREATE INDEX sandbox_messages_by_tenant ON sandbox_messages (tenant, outbox_id DESC);

CREATE TABLE manual_clock (
    id     integer PRIMARY KEY CHECK (id = 1),
    now_ms bigint  NOT NULL
);

CREATE TABLE clinics (
    clinic_id text PRIMARY KEY,
    name      text NOT NULL,
    time_zone text NOT NULL
);

CREATE TABLE api_keys (
    key_id      text    PRIMARY KEY,
    clinic_id   text    NOT NULL,
    secret_hash text    NOT NULL,
    revoked     boolean NOT NULL
);

CREATE TABLE patients (
    clinic_id            text NOT NULL,
    patient_id           text NOT NULL,
    first_name           text NOT NULL,
    last_name            text NOT NULL,
    phone                text,
    email                text,
    status               text NOT NULL,
    responsible_party_id text,
    last_visit           date,
    hard_to_reach        boolean NOT NULL DEFAULT false,
    awaiting_reply       boolean NOT NULL DEFAULT false,
    PRIMARY KEY (clinic_id, patient_id)
);
CREATE INDEX patients_by_party ON patients (clinic_id, responsible_party_id) WHERE responsible_party_id IS NOT NULL;
CREATE INDEX patients_by_name ON patients (clinic_id, last_name, first_name);

CREATE TABLE recall_cycles (
    clinic_id   text NOT NULL,
    patient_id  text NOT NULL,
    recall_type text NOT NULL,
    due_date    date NOT NULL,
    status      text NOT NULL,
    last_visit  date,
    PRIMARY KEY (clinic_id, patient_id, recall_type)
);
CREATE INDEX recall_cycles_by_due ON recall_cycles (clinic_id, due_date);

CREATE TABLE completed_cycles (
    clinic_id    text NOT NULL,
    patient_id   text NOT NULL,
    recall_type  text NOT NULL,
    due_date     date NOT NULL,
    completed_on date NOT NULL,
    PRIMARY KEY (clinic_id, patient_id, recall_type, due_date)
);

-- Numbers that said STOP (maintained by the phone grains): checked again when an SMS is sent.
CREATE TABLE sms_opt_outs (
    clinic_id TEXT NOT NULL,
    phone     TEXT NOT NULL,
    since     bigint NOT NULL,
    PRIMARY KEY (clinic_id, phone)
);

-- Every contact attempt (messages and calls), for counts and reports.
CREATE TABLE contact_attempts (
    clinic_id   text NOT NULL,
    patient_id  text NOT NULL,
    row_key     text NOT NULL,
    at          bigint NOT NULL,
    channel     text NOT NULL,
    message_key text NOT NULL,
    outcome     text NOT NULL,
    delivery    integer,
    PRIMARY KEY (clinic_id, patient_id, row_key)
);
CREATE INDEX contact_attempts_by_time ON contact_attempts (clinic_id, at);
