-- Keys the deployment signs with (patient links), made once on first start and shared by every
-- silo of the database, so a restart or another silo keeps links valid.
CREATE TABLE signing_keys (
    name        text   NOT NULL PRIMARY KEY,
    key         bytea  NOT NULL,
    created_at  bigint NOT NULL
);
