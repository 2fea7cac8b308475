-- What Orleans' ADO.NET providers read and write on PostgreSQL: membership (Microsoft.Orleans.Clustering.AdoNet,
-- keyed by ClusterId, which it calls DeploymentId) and reminders (Microsoft.Orleans.Reminders.AdoNet, keyed by
-- ServiceId). Both run only the query texts they find in orleansquery, so the tables are ours: prefixed
-- orleans_ beside our own reminders table, in snake_case; each query renames our columns to the names Orleans
-- reads by. Orleans opens no transaction, so every write that must be atomic is one statement (data-modifying
-- CTEs), and every query is one statement.

-- One row per cluster. Its version is the cluster's concurrency token: every membership change must move it
-- from the version the writer read to the next one, so a write based on a stale read changes nothing.
CREATE TABLE orleans_membership_version (
    deployment_id text        PRIMARY KEY,
    -- Orleans rejects an etag that is not a non-negative integer.
    version       integer     NOT NULL DEFAULT 0 CHECK (version >= 0),
    changed_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation: a restarted silo has a new generation, so a new row.
CREATE TABLE orleans_membership (
    -- Deleting a cluster's version row takes its silos with it.
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version ON DELETE CASCADE,
    -- Text, not inet: Orleans reads it as a string (IPv4 or IPv6) and parses it itself.
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    -- SiloStatus: 3 Active, 6 Dead.
    status          integer     NOT NULL,
    -- 0: not a gateway.
    proxy_port      integer     NOT NULL,
    -- "ip:port@generation,date|..." as Orleans writes it; NULL or '' when nobody suspects the silo.
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- One row per (service, grain, reminder name). grain_hash is the grain's uint hash as Orleans binds it, cast to
-- int: the ring's range reads compare it signed. Every upsert rewrites start_time, period_ms and version, none
-- of them indexed, so the spare room on each page lets the update stay on the page (HOT) at a million rows.
CREATE TABLE orleans_reminders (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    -- The reminder's etag: 0 when created, one more on every upsert.
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
) WITH (fillfactor = 90);
-- Each silo reads its share of the ring as ranges of grain_hash (every refresh period, and when the ring
-- changes): without this every range is a scan of the whole table. The primary key serves the rest.
CREATE INDEX orleans_reminders_by_hash ON orleans_reminders (service_id, grain_hash);

-- Orleans loads its queries with an unquoted SELECT QueryKey, QueryText FROM OrleansQuery, which PostgreSQL
-- folds to these lower-case names, found through the search path. Keys are matched case-sensitively.
-- Each provider checks only its own keys are present, so both share this table. Read once per provider
-- object: a changed text takes effect when the silo restarts.
CREATE TABLE orleansquery (
    querykey  text PRIMARY KEY,
    querytext text NOT NULL
);

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Membership. Reads return the version row outer-joined to the silo rows in one SELECT (one snapshot), so
-- there is always a row to take the version from; a row whose StartTime is NULL means "no silo".
-- Boolean answers (Insert...Version, Insert, Update) must come back as exactly one row of one column.

-- Every silo start: create the cluster's version row unless it exists. True only if this call created it.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created)
$q$),

('MembershipReadRowKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),

-- @Version is the version the caller read. The version moves first, and only if it is still @Version and the
-- silo is not there yet; the silo row is inserted only from that move. A second writer with the same @Version
-- waits on the version row's lock, then finds it moved and changes nothing.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM orleans_membership
                      WHERE deployment_id = @DeploymentId
                        AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), inserted AS (
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                    status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    -- Answer false rather than throw; every insert moves the version, so past the check above this is unreachable.
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted)
$q$),

-- The same shape: the version moves only if it is still @Version and the silo exists; the silo row changes only
-- from that move. Name, host, start time and proxy port never change after the insert.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND EXISTS (SELECT 1 FROM orleans_membership
                  WHERE deployment_id = @DeploymentId
                    AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), updated AS (
    UPDATE orleans_membership m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM bumped
    WHERE m.deployment_id = bumped.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated)
$q$),

-- The heartbeat (every 30 s per silo): its own row's time only, no version check, no version move.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),

-- The whole cluster: its silos go with the version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),

-- Clients' gateway list: active silos that have a gateway port (@Status is Active).
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

-- Required, but Orleans 10.4.2 runs it only when CleanupDefunctSiloEntryKey is absent: dead silos (6) not
-- seen and not started since the cut-off. Silos in any other state are left to membership to declare dead.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime
  AND start_time < @IAmAliveTime
$q$),

-- Orleans 10.4.2 picks the defunct silos from its own read and sends each back with the values it read: delete
-- the row only if it is still dead and unchanged since. Orleans writes no suspicions as NULL or '' alike.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '')
$q$),

-- Reminders. Rows come back with the five columns Orleans reads; service_id and grain_hash stay here.

('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId
$q$),

-- A range of the ring, (begin, end], when begin < end as signed ints.
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$q$),

-- A range that wraps past the top of the ring (begin >= end as signed ints; begin = end is the whole ring):
-- above begin, or up to end. The two parts never overlap, so each is its own index range scan, unioned.
('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash
UNION ALL
SELECT grain_id, reminder_name, start_time, period_ms, version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash <= @EndHash
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$q$),

-- @Period is milliseconds, bound as int or, past 24.8 days, bigint. The new version is the new etag.
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders AS r (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time,
    period_ms  = excluded.period_ms,
    grain_hash = excluded.grain_hash,
    version    = r.version + 1
RETURNING r.version AS "Version"
$q$),

-- Removes the reminder only under the etag the caller holds; false if it changed or is gone.
('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM removed)
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId
$q$);
