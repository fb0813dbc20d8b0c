-- Fleet: the batch log (SQLite). Every event batch a model accepts is appended here before it is
-- acknowledged; a model replays its batches after the position its checkpoint holds, and a checkpoint
-- deletes those it covers but the model's highest row, which appends are checked against. Positions count
-- per model from 1. Payload: BatchCodec's compact binary form.
-- Idempotent, like every Fleet script (SchemaInstaller runs it on each start).

CREATE TABLE IF NOT EXISTS FleetBatchLog
(
    ServiceId TEXT    NOT NULL,
    ModelId   TEXT    NOT NULL,
    Position  INTEGER NOT NULL,
    Payload   BLOB    NOT NULL,
    PRIMARY KEY (ServiceId, ModelId, Position)
);
