-- The recall workflow: staff tasks, appointments, and the patient flags lists filter on.
ALTER TABLE patients ADD COLUMN recall_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE patients ADD COLUMN insurance_valid_to TEXT;

-- Tasks by role (maintained by the patient grains). priority: 0 high, 1 normal, 2 low.
CREATE TABLE tasks (
    clinic_id     TEXT NOT NULL,
    patient_id    TEXT NOT NULL,
    task_id       TEXT NOT NULL,
    step          TEXT NOT NULL,
    role          TEXT NOT NULL,
    priority      INTEGER NOT NULL,
    status        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    due_at        INTEGER NOT NULL,
    snoozed_until INTEGER,
    claimed_by    TEXT,
    outcome       TEXT,
    closed_at     INTEGER,
    recall_type   TEXT,
    PRIMARY KEY (clinic_id, patient_id, task_id)
) WITHOUT ROWID;
CREATE INDEX tasks_worklist ON tasks (clinic_id, role, status, priority, due_at);

-- Appointments as the patients know them (the schedule grain holds the live bookings).
CREATE TABLE appointments (
    clinic_id       TEXT NOT NULL,
    patient_id      TEXT NOT NULL,
    appointment_id  TEXT NOT NULL,
    visit_type_id   TEXT NOT NULL,
    visit_type_name TEXT NOT NULL,
    recall_type     TEXT,
    start_at        INTEGER NOT NULL,
    end_at          INTEGER NOT NULL,
    status          TEXT NOT NULL,
    booked_at       INTEGER NOT NULL,
    PRIMARY KEY (clinic_id, patient_id, appointment_id)
) WITHOUT ROWID;
CREATE INDEX appointments_by_start ON appointments (clinic_id, start_at);
CREATE INDEX appointments_by_booking ON appointments (clinic_id, booked_at);
CREATE INDEX completed_cycles_by_day ON completed_cycles (clinic_id, completed_on);
