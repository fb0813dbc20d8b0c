-- Fleet: Orleans ADO.NET grain persistence schema for PostgreSQL (invariant "Npgsql").
--
-- Idempotent: SchemaInstaller runs this on every silo start, inside one transaction holding an
-- advisory lock, so silos starting together do not race on CREATE. Query rows are upserted so that
-- a changed query text reaches existing databases.
--
-- Format: statements are separated by a line holding only "-- go"; SchemaInstaller splits on that
-- line, never on ";". Query texts are dollar-quoted ($q$ ... $q$) so they need no escaping.
-- The file stays valid SQL for psql, where the separator is just a comment.
--
-- Query contract (AdoNetGrainStorage, Orleans 10.x): rows WriteToStorageKey, ReadFromStorageKey,
-- ClearStorageKey and (optional) DeleteStorageKey. Parameters: @GrainIdHash int, @GrainIdN0 bigint,
-- @GrainIdN1 bigint, @GrainTypeHash int, @GrainTypeString text, @GrainIdExtensionString text or NULL,
-- @ServiceId text, @GrainStateVersion int or NULL (the ETag), @PayloadBinary bytea (write only).
-- Results: read returns PayloadBinary, Version; write/clear/delete return NewGrainStateVersion,
-- and no row at all when the ETag did not match (Orleans then raises InconsistentStateException).
-- Orleans gives every parameter a DbType, so Npgsql sends typed parameters even for NULLs.

-- Fleet's storage version: one row, stamped on first start and checked on every start (StorageVersion.cs).
CREATE TABLE IF NOT EXISTS FleetStorageVersion
(
    Version INTEGER NOT NULL
);
-- go

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
-- go

-- One row per (service, grain type, grain id). Orleans hashes id and type into two ints for a narrow
-- lookup index; the clear-text columns resolve hash collisions.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL
);
-- go

-- Uniqueness of the full grain key makes a concurrent first insert from two silos lose cleanly
-- (ON CONFLICT DO NOTHING, i.e. a version conflict) instead of creating a duplicate row. The
-- "IS NULL" term keeps a NULL extension distinct from an empty one without needing PostgreSQL 15's
-- NULLS NOT DISTINCT.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Key ON OrleansStorage
    (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString,
     (GrainIdExtensionString IS NULL), COALESCE(GrainIdExtensionString, ''));
-- go

-- Write as one statement: the UPDATE matches only with the current ETag, the INSERT runs only without
-- an ETag; at most one of them returns the new version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version
), inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
         ServiceId, PayloadBinary, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
           @ServiceId, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT Version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT Version FROM inserted
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $q$
SELECT PayloadBinary AS "PayloadBinary", Version AS "Version"
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
LIMIT 1
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

-- Clear keeps the row (payload NULL) so the version keeps counting up.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $q$
UPDATE OrleansStorage
SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version AS "NewGrainStateVersion"
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
-- go

-- Delete (DeleteStateOnClear = true): Orleans expects the old version + 1 back.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $q$
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS "NewGrainStateVersion"
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
