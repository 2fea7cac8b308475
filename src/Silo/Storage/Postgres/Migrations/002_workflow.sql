-- The recall workflow: staff tasks, appointments, and the patient flags lists filter on.
ALTER TABLE patients ADD COLUMN recall_required boolean NOT NULL DEFAULT false;
ALTER TABLE patients ADD COLUMN insurance_valid_to date;

-- Tasks by role (maintained by the patient grains). priority: 0 high, 1 normal, 2 low.
CREATE TABLE tasks (
    clinic_id     text NOT NULL,
    patient_id    text NOT NULL,
    task_id       text NOT NULL,
    step          text NOT NULL,
    role          text NOT NULL,
    priority      integer NOT NULL,
    status        text NOT NULL,
    reason        text NOT NULL,
    created_at    bigint NOT NULL,
    due_at        bigint NOT NULL,
    snoozed_until bigint,
    claimed_by    text,
    outcome       text,
    closed_at     bigint,
    recall_type   text,
    PRIMARY KEY (clinic_id, patient_id, task_id)
);
CREATE INDEX tasks_worklist ON tasks (clinic_id, role, status, priority, due_at);

-- Appointments as the patients know them (the schedule grain holds the live bookings).
CREATE TABLE appointments (
    clinic_id       text NOT NULL,
    patient_id      text NOT NULL,
    appointment_id  text NOT NULL,
    visit_type_id   text NOT NULL,
    visit_type_name text NOT NULL,
    recall_type     text,
    start_at        bigint NOT NULL,
    end_at          bigint NOT NULL,
    status          text NOT NULL,
    booked_at       bigint NOT NULL,
    PRIMARY KEY (clinic_id, patient_id, appointment_id)
);
CREATE INDEX appointments_by_start ON appointments (clinic_id, start_at);
CREATE INDEX appointments_by_booking ON appointments (clinic_id, booked_at);
CREATE INDEX completed_cycles_by_day ON completed_cycles (clinic_id, completed_on);
