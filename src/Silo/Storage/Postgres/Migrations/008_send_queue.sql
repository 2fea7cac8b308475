-- The send queue: every send planned for a patient (rule schedules, manual, booking and internal
-- reminders), maintained by the patient grains; the clinic-wide queue page reads it.
CREATE TABLE send_queue (
    clinic_id    text NOT NULL,
    patient_id   text NOT NULL,
    send_id      text NOT NULL,
    purpose      text NOT NULL,
    channel      text NOT NULL,
    at           bigint NOT NULL,
    state        text NOT NULL,
    recall_type  text,
    text         text,
    made_by      text,
    role         text,
    goes_at      bigint,
    detail       text,
    PRIMARY KEY (clinic_id, patient_id, send_id)
);
CREATE INDEX send_queue_by_time ON send_queue (clinic_id, state, at);

-- The reminders list shows an owner's (a client's) patients together, under the owner's name.
ALTER TABLE patients ADD COLUMN responsible_party_name text;
