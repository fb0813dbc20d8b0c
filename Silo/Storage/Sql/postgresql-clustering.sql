-- Fleet: Orleans ADO.NET clustering (membership) schema for PostgreSQL (invariant "Npgsql").
-- Run after postgresql-persistence.sql, which creates OrleansQuery.
--
-- Idempotent, same format as the persistence script: statements separated by a line holding only
-- "-- go", query texts dollar-quoted, rows upserted.
--
-- Query contract (AdoNetClusteringTable, Orleans 10.x): it loads ALL OrleansQuery rows and requires
-- GatewaysQueryKey, MembershipReadRowKey, MembershipReadAllKey, InsertMembershipVersionKey,
-- UpdateIAmAlivetimeKey, InsertMembershipKey, UpdateMembershipKey, DeleteMembershipTableEntriesKey
-- and CleanupDefunctSiloEntriesKey. Parameters: @DeploymentId (the ClusterId), @Address text,
-- @Port, @Generation, @Status, @ProxyPort int, @SiloName, @HostName, @SuspectTimes text or NULL,
-- @StartTime, @IAmAliveTime (UTC DateTime), @Version int (the table version the caller read).
-- Insert/update/version queries return a single one-column row: > 0 for success, 0 for a lost race.
-- Conditional writes are single statements whose first step updates the version row: the row lock
-- serialises concurrent writers and a stale @Version changes nothing at all.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL PRIMARY KEY,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0
);
-- go

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)  NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)   NOT NULL,
    Port         integer       NOT NULL,
    Generation   integer       NOT NULL,
    SiloName     varchar(150)  NOT NULL,
    HostName     varchar(150)  NOT NULL,
    Status       integer       NOT NULL,
    ProxyPort    integer       NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime    timestamptz   NOT NULL,
    IAmAliveTime timestamptz   NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);
-- go

-- Creates the version row for a cluster once; 1 when this call created it, 0 when it existed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT CAST(count(*) AS integer) FROM created
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

-- Adds a silo row if the caller's table version is current and the silo is not there yet.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable v
    SET Version = v.Version + 1, Timestamp = now()
    WHERE v.DeploymentId = @DeploymentId AND v.Version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM OrleansMembershipTable m
          WHERE m.DeploymentId = @DeploymentId AND m.Address = @Address
            AND m.Port = @Port AND m.Generation = @Generation)
    RETURNING v.DeploymentId
), inserted AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT b.DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
           @StartTime, @IAmAliveTime
    FROM bumped b
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT CAST(count(*) AS integer) FROM inserted
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

-- Updates a silo row (status, suspicions, liveness) if the caller's table version is current.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable v
    SET Version = v.Version + 1, Timestamp = now()
    WHERE v.DeploymentId = @DeploymentId AND v.Version = @Version
      AND EXISTS (
          SELECT 1 FROM OrleansMembershipTable m
          WHERE m.DeploymentId = @DeploymentId AND m.Address = @Address
            AND m.Port = @Port AND m.Generation = @Generation)
    RETURNING v.DeploymentId
), updated AS (
    UPDATE OrleansMembershipTable m
    SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
    FROM bumped b
    WHERE m.DeploymentId = b.DeploymentId AND m.Address = @Address
      AND m.Port = @Port AND m.Generation = @Generation
    RETURNING 1
)
SELECT CAST(count(*) AS integer) FROM updated
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

-- Heartbeat; unconditional by design (Orleans does not check its result, nor bump the version).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address
  AND Port = @Port AND Generation = @Generation
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

-- One silo (plus the table version). The LEFT JOIN returns the version row even when the silo is
-- unknown: Orleans always reads the version from the first row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $q$
SELECT v.DeploymentId AS "DeploymentId", m.Address AS "Address", m.Port AS "Port",
       m.Generation AS "Generation", m.SiloName AS "SiloName", m.HostName AS "HostName",
       m.Status AS "Status", m.ProxyPort AS "ProxyPort", m.SuspectTimes AS "SuspectTimes",
       m.StartTime AS "StartTime", m.IAmAliveTime AS "IAmAliveTime", v.Version AS "Version"
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId AND m.Address = @Address
      AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $q$
SELECT v.DeploymentId AS "DeploymentId", m.Address AS "Address", m.Port AS "Port",
       m.Generation AS "Generation", m.SiloName AS "SiloName", m.HostName AS "HostName",
       m.Status AS "Status", m.ProxyPort AS "ProxyPort", m.SuspectTimes AS "SuspectTimes",
       m.StartTime AS "StartTime", m.IAmAliveTime AS "IAmAliveTime", v.Version AS "Version"
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

-- Active silos that accept clients (Status = Active is passed in as @Status).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $q$
SELECT Address AS "Address", ProxyPort AS "ProxyPort", Generation AS "Generation"
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

-- Removes rows of silos that stopped heart-beating before @IAmAliveTime and are not Active (3):
-- an Active row is left for the membership protocol to declare dead first.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
