-- Orleans reminders on the embedded database (SqliteOrleansReminderTable; Orleans ships no SQLite table).
-- Beside our own reminders table, prefixed orleans_ as on PostgreSQL (005_orleans.sql there).
--
-- One row per (service, grain, reminder name): the UNIQUE key, which serves upserts, single reads, removes and
-- the reads of one grain's reminders. Orleans keeps no "last fired" state here, so a tick writes nothing; the
-- schedule is start_at + N * period_ms.
--
-- version is the row's etag, and it is the rowid: every upsert replaces the row (INSERT OR REPLACE), and
-- AUTOINCREMENT hands the new row a number never used before in this table, not even by a deleted row. So the
-- etag moves on every upsert, and a handle kept from a removed reminder can never match one registered again
-- under the same name (a per-row counter restarting at 0 could).
CREATE TABLE orleans_reminders (
    version       INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id    TEXT    NOT NULL,
    -- GrainId.ToString() ("type/key"), parsed back with GrainId.Parse.
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    -- GrainId.GetUniformHashCode(), the grain's place on the ring, stored unsigned (SQLite integers are 64-bit):
    -- range reads compare it as the uint Orleans passes, with no reinterpretation as a signed int.
    grain_hash    INTEGER NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295),
    -- The first tick, Unix milliseconds (UTC).
    start_at      INTEGER NOT NULL,
    period_ms     INTEGER NOT NULL,
    UNIQUE (service_id, grain_id, reminder_name)
);
-- Each silo reads its share of the ring as ranges of grain_hash, every refresh period (5 minutes by default)
-- and whenever the ring changes; without this every range would scan the whole table.
CREATE INDEX orleans_reminders_by_hash ON orleans_reminders (service_id, grain_hash);
