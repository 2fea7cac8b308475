-- Who did what to which patient (src/Api/Audit): sign-ins, views of a patient's record, changes,
-- messages sent, exports. Append-only: the triggers refuse any UPDATE or DELETE, whoever asks.
-- Never message bodies or field values: the action, the patient's id and a short detail.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    clinic_id  TEXT    NOT NULL,
    -- Unix milliseconds (UTC).
    at         INTEGER NOT NULL,
    -- "staff:desk", "key:<key id>", "admin", or "system" for the silo's own sends.
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    patient_id TEXT,
    detail     TEXT
);
CREATE INDEX audit_log_by_clinic ON audit_log (clinic_id, id);
CREATE INDEX audit_log_by_patient ON audit_log (clinic_id, patient_id, id) WHERE patient_id IS NOT NULL;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
