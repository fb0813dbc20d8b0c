-- Fleet: grain state and the storage version, SQLite.
--
-- Idempotent: SchemaInstaller runs this on every silo start. Statements are separated by a line holding only
-- "-- go"; the file stays valid SQL for the sqlite3 shell, where the separator is just a comment.

-- Fleet's storage version: one row, stamped on first start and checked on every start (StorageVersion.cs).
CREATE TABLE IF NOT EXISTS FleetStorageVersion
(
    Version INTEGER NOT NULL
);
-- go

-- One row per (service, grain, state), written by SqliteGrainStorage through the silo's group-committing writer.
-- Version is the ETag: a write names the version it last saw and changes nothing when another activation has moved
-- it on. A cleared state keeps its row (Payload NULL) so its version keeps counting up.
CREATE TABLE IF NOT EXISTS FleetGrainState
(
    ServiceId TEXT    NOT NULL,
    GrainId   TEXT    NOT NULL,
    StateName TEXT    NOT NULL,
    Payload   BLOB    NULL,
    Version   INTEGER NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, StateName)
);
