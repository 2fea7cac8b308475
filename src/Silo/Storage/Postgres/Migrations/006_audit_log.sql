-- Who did what to which patient (src/Api/Audit): sign-ins, views of a patient's record, changes,
-- messages sent, exports. Append-only: the trigger refuses any UPDATE, DELETE or TRUNCATE, whoever asks.
-- Never message bodies or field values: the action, the patient's id and a short detail.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clinic_id  text   NOT NULL,
    -- Unix milliseconds (UTC).
    at         bigint NOT NULL,
    -- "staff:desk", "key:<key id>", "admin", or "system" for the silo's own sends.
    actor      text   NOT NULL,
    action     text   NOT NULL,
    patient_id text,
    detail     text
);
CREATE INDEX audit_log_by_clinic ON audit_log (clinic_id, id);
CREATE INDEX audit_log_by_patient ON audit_log (clinic_id, patient_id, id) WHERE patient_id IS NOT NULL;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
