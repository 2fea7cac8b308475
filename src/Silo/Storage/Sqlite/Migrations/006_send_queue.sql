-- The send queue: every send planned for a patient (rule schedules, manual, booking and internal
-- reminders), maintained by the patient grains; the clinic-wide queue page reads it.
CREATE TABLE send_queue (
    clinic_id    TEXT NOT NULL,
    patient_id   TEXT NOT NULL,
    send_id      TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    channel      TEXT NOT NULL,
    at           INTEGER NOT NULL,
    state        TEXT NOT NULL,
    recall_type  TEXT,
    text         TEXT,
    made_by      TEXT,
    role         TEXT,
    goes_at      INTEGER,
    detail       TEXT,
    PRIMARY KEY (clinic_id, patient_id, send_id)
) WITHOUT ROWID;
CREATE INDEX send_queue_by_time ON send_queue (clinic_id, state, at);

-- The reminders list shows an owner's (a client's) patients together, under the owner's name.
ALTER TABLE patients ADD COLUMN responsible_party_name TEXT;
