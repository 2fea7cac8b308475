-- The actor host: grain state with ETags, durable reminders, outbox, inbox.
CREATE TABLE grain_state (
    grain_type TEXT NOT NULL,
    grain_key  TEXT NOT NULL,
    etag       INTEGER NOT NULL,
    state      BLOB NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (grain_type, grain_key)
) WITHOUT ROWID;

-- Times are Unix milliseconds (UTC). A reminder row holds its next due occurrence.
CREATE TABLE reminders (
    grain_type   TEXT NOT NULL,
    grain_key    TEXT NOT NULL,
    name         TEXT NOT NULL,
    due_at       INTEGER NOT NULL,
    period_ms    INTEGER,
    trace_parent TEXT,
    PRIMARY KEY (grain_type, grain_key, name)
) WITHOUT ROWID;
CREATE INDEX reminders_by_due ON reminders (due_at);

-- One message per grain and step (message_key): a re-run step never sends twice.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    grain_type      TEXT NOT NULL,
    grain_key       TEXT NOT NULL,
    tenant          TEXT NOT NULL,
    message_key     TEXT NOT NULL,
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'pending',
    provider_id     TEXT,
    last_error      TEXT,
    delivery_stage  integer,
    -- Set just before a send through a channel that is not idempotent, cleared with its outcome:
    -- a row found with it set was being sent when the silo stopped, so it is uncertain, not resent.
    attempt_started INTEGER,
    completed_at    INTEGER,
    trace_parent    TEXT,
    -- "Europe/Warsaw 08:00-21:00": checked again just before sending.
    send_window     TEXT,
    sender          TEXT,
    calendar        TEXT,
    UNIQUE (grain_type, grain_key, message_key)
);
CREATE INDEX outbox_pending_by_time ON outbox (next_attempt_at, id) WHERE status = 'pending';

CREATE TABLE inbox (
    scope        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    grain_type   TEXT NOT NULL,
    grain_key    TEXT NOT NULL,
    method       TEXT NOT NULL,
    result       BLOB,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, idem_key)
) WITHOUT ROWID;

-- What the sandbox channel "sent" (keyed by outbox id, so a resend after a crash is not a second message).
CREATE TABLE sandbox_messages (
    outbox_id INTEGER PRIMARY KEY,
    tenant    TEXT NOT NULL,
    grain_key TEXT NOT NULL,
    channel   TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject   TEXT,
    body      TEXT NOT NULL,
    sent_at   INTEGER NOT NULL
);
CREATE INDEX sandbox_messages_by_tenant ON sandbox_messages (tenant, outbox_id DESC);

-- The manual clock's current time, so a simulation continues where it stopped after a restart.
CREATE TABLE manual_clock (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    now_ms INTEGER NOT NULL
);

-- Query rows, maintained by the grains in the same transaction as their state.
CREATE TABLE clinics (
    clinic_id TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    time_zone TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE api_keys (
    key_id      TEXT PRIMARY KEY,
    clinic_id   TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    revoked     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE patients (
    clinic_id            TEXT NOT NULL,
    patient_id           TEXT NOT NULL,
    first_name           TEXT NOT NULL,
    last_name            TEXT NOT NULL,
    phone                TEXT,
    email                TEXT,
    status               TEXT NOT NULL,
    responsible_party_id TEXT,
    last_visit           TEXT,
    hard_to_reach        INTEGER NOT NULL DEFAULT 0,
    awaiting_reply       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (clinic_id, patient_id)
) WITHOUT ROWID;
CREATE INDEX patients_by_party ON patients (clinic_id, responsible_party_id) WHERE responsible_party_id IS NOT NULL;
CREATE INDEX patients_by_name ON patients (clinic_id, last_name, first_name);

-- Dates are ISO 8601 text (yyyy-MM-dd), which sorts and compares as dates.
CREATE TABLE recall_cycles (
    clinic_id   TEXT NOT NULL,
    patient_id  TEXT NOT NULL,
    recall_type TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    status      TEXT NOT NULL,
    last_visit  TEXT,
    PRIMARY KEY (clinic_id, patient_id, recall_type)
) WITHOUT ROWID;
CREATE INDEX recall_cycles_by_due ON recall_cycles (clinic_id, due_date);

CREATE TABLE completed_cycles (
    clinic_id    TEXT NOT NULL,
    patient_id   TEXT NOT NULL,
    recall_type  TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    PRIMARY KEY (clinic_id, patient_id, recall_type, due_date)
) WITHOUT ROWID;

-- Numbers that said STOP (maintained by the phone grains): checked again when an SMS is sent.
CREATE TABLE sms_opt_outs (
    clinic_id TEXT NOT NULL,
    phone     TEXT NOT NULL,
    since     INTEGER NOT NULL,
    PRIMARY KEY (clinic_id, phone)
) WITHOUT ROWID;

-- Every contact attempt (messages and calls), for counts and reports.
CREATE TABLE contact_attempts (
    clinic_id   TEXT NOT NULL,
    patient_id  TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    at          INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    message_key TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    delivery    INTEGER,
    PRIMARY KEY (clinic_id, patient_id, row_key)
) WITHOUT ROWID;
CREATE INDEX contact_attempts_by_time ON contact_attempts (clinic_id, at);
