-- Fleet: recordings (PostgreSQL). A recording keeps the batch log's batches of some models over a range of their log
-- positions (times in Unix milliseconds), so the traffic can be played again as a run: a checkpoint's truncation of FleetBatchLog skips every
-- position a row of FleetRecordingModels covers (LastPosition NULL: still recording, open-ended). An import is a
-- recording whose batches were written under a log key no model grain uses ('import#<id>/<model>').
-- Idempotent, like every Fleet script (SchemaInstaller runs it on each start, under its advisory lock).

CREATE TABLE IF NOT EXISTS FleetRecordings
(
    ServiceId varchar(150) NOT NULL,
    RecordingId text NOT NULL,
    Source     text NOT NULL,
    Selector   text NOT NULL,
    State      text NOT NULL,
    CreatedAt  bigint NOT NULL,
    Until      bigint NULL,
    StoppedAt  bigint NULL,
    StopReason text NULL,
    PRIMARY KEY (ServiceId, RecordingId)
);
-- go
CREATE TABLE IF NOT EXISTS FleetRecordingModels
(
    ServiceId varchar(150) NOT NULL,
    RecordingId   text NOT NULL,
    ModelId       text NOT NULL,
    LogKey        text NOT NULL,
    FirstPosition bigint NOT NULL,
    LastPosition  bigint NULL,
    Definition    text NOT NULL,
    PRIMARY KEY (ServiceId, RecordingId, ModelId)
);
-- go
CREATE INDEX IF NOT EXISTS FleetRecordingModelsByLogKey ON FleetRecordingModels (ServiceId, LogKey);
