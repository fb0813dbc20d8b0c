-- Fleet: Orleans ADO.NET grain persistence schema for SQLite (invariant "System.Data.SQLite",
-- served by Microsoft.Data.Sqlite).
--
-- Idempotent: SchemaInstaller runs this on every silo start. Tables and indexes use IF NOT EXISTS,
-- query rows are upserted so that a changed query text reaches existing databases.
--
-- Format: statements are separated by a line holding only "-- go". SchemaInstaller splits on that
-- line (never on ";"), so query texts stored below may contain semicolons and several statements.
-- The file stays valid SQL for the sqlite3 shell, where the separator is just a comment.
--
-- Query contract (AdoNetGrainStorage, Orleans 10.x): it loads the rows WriteToStorageKey,
-- ReadFromStorageKey, ClearStorageKey and (optional) DeleteStorageKey from OrleansQuery at start-up.
-- Parameters: @GrainIdHash int, @GrainIdN0 long, @GrainIdN1 long, @GrainTypeHash int,
-- @GrainTypeString text, @GrainIdExtensionString text or NULL, @ServiceId text,
-- @GrainStateVersion int or NULL (the ETag), @PayloadBinary blob (write only).
-- Results: read returns PayloadBinary, Version; write/clear/delete return NewGrainStateVersion,
-- and no row at all when the ETag did not match (Orleans then raises InconsistentStateException).

-- Fleet's storage version: one row, stamped on first start and checked on every start (StorageVersion.cs).
CREATE TABLE IF NOT EXISTS FleetStorageVersion
(
    Version INTEGER NOT NULL
);
-- go

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
-- go

-- One row per (service, grain type, grain id). The grain id and type are hashed by Orleans into two
-- ints for a narrow index; the clear-text columns resolve the (rare) hash collisions.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    ServiceId              TEXT    NOT NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER NOT NULL
);
-- go

CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Hashes ON OrleansStorage (GrainIdHash, GrainTypeHash);
-- go

-- Write. Exactly one of the two statements can change a row: with an ETag the row is updated only if
-- its version still matches; without one a first row is inserted only if none exists yet. SQLite runs
-- each statement atomically under its single-writer lock, so the NOT EXISTS check cannot race.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = @PayloadBinary,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
    Version = Version + 1
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS @GrainIdExtensionString
  AND ServiceId = @ServiceId
  AND @GrainStateVersion IS NOT NULL AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;

INSERT INTO OrleansStorage
    (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
     ServiceId, PayloadBinary, ModifiedOn, Version)
SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
       @ServiceId, @PayloadBinary, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''), 1
WHERE @GrainStateVersion IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM OrleansStorage
      WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND GrainIdExtensionString IS @GrainIdExtensionString
        AND ServiceId = @ServiceId)
RETURNING Version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
-- go

-- Read. A cleared state keeps its row (PayloadBinary NULL) so the version keeps counting up.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS @GrainIdExtensionString
  AND ServiceId = @ServiceId
LIMIT 1;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
-- go

-- Clear: drop the payload, bump the version (used when DeleteStateOnClear is false, the default).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
    Version = Version + 1
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS @GrainIdExtensionString
  AND ServiceId = @ServiceId
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
-- go

-- Delete (DeleteStateOnClear = true): remove the row; Orleans expects the old version + 1 back.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS @GrainIdExtensionString
  AND ServiceId = @ServiceId
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
