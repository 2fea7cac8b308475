-- Group commits check each turn on the server (PostgresGrainStore): a turn's guarded write (its state
-- under the ETag it read, its idempotency key, its outbox outcome while still open) must change
-- exactly one row, or this raises and the whole group's implicit transaction rolls back. So a group
-- commits in one round trip, with no client-side look at row counts before COMMIT.
-- PostgreSQL only: SQLite's writer is in process and reads the row counts for free.
CREATE FUNCTION recall_expect_one_row(changed bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF changed <> 1 THEN
        RAISE EXCEPTION 'a guarded write changed % rows, not one', changed USING ERRCODE = 'RC001';
    END IF;
END
$$;
