-- Keys the deployment signs with (patient links), made once on first start and shared by every
-- process of the database, so a restart or another silo keeps links valid.
CREATE TABLE signing_keys (
    name        TEXT NOT NULL PRIMARY KEY,
    key         BLOB NOT NULL,
    created_at  INTEGER NOT NULL
) WITHOUT ROWID;
