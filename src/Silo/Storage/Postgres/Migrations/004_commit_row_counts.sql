-- A group commit now writes each kind of row (states, reminders, outbox rows, idempotency keys) for
-- all its turns in one statement (PostgresCommitBatch), so a guarded statement must change as many
-- rows as it has turns, not one. recall_expect_one_row (003) stays for silos of the previous version
-- still running against this database during an upgrade.
CREATE FUNCTION recall_expect_rows(changed bigint, expected bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF changed <> expected THEN
        RAISE EXCEPTION 'a guarded write changed % rows, not %', changed, expected USING ERRCODE = 'RC001';
    END IF;
END
$$;
