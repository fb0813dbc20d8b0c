-- Fleet: recordings (SQLite). A recording keeps the batch log's batches of some models over a range of their log
-- positions (times in Unix milliseconds), so the traffic can be played again as a run: a checkpoint's truncation of FleetBatchLog skips every
-- position a row of FleetRecordingModels covers (LastPosition NULL: still recording, open-ended). An import is a
-- recording whose batches were written under a log key no model grain uses ('import#<id>/<model>').
-- Idempotent, like every Fleet script (SchemaInstaller runs it on each start).

CREATE TABLE IF NOT EXISTS FleetRecordings
(
    ServiceId  TEXT    NOT NULL,
    RecordingId TEXT   NOT NULL,
    Source     TEXT    NOT NULL,
    Selector   TEXT    NOT NULL,
    State      TEXT    NOT NULL,
    CreatedAt  INTEGER NOT NULL,
    Until      INTEGER NULL,
    StoppedAt  INTEGER NULL,
    StopReason TEXT    NULL,
    PRIMARY KEY (ServiceId, RecordingId)
);
-- go
CREATE TABLE IF NOT EXISTS FleetRecordingModels
(
    ServiceId     TEXT    NOT NULL,
    RecordingId   TEXT    NOT NULL,
    ModelId       TEXT    NOT NULL,
    LogKey        TEXT    NOT NULL,
    FirstPosition INTEGER NOT NULL,
    LastPosition  INTEGER NULL,
    Definition    TEXT    NOT NULL,
    PRIMARY KEY (ServiceId, RecordingId, ModelId)
);
-- go
CREATE INDEX IF NOT EXISTS FleetRecordingModelsByLogKey ON FleetRecordingModels (ServiceId, LogKey);
