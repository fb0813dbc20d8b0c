-- Fleet: the batch log (PostgreSQL). Every event batch a model accepts is appended here before it is
-- acknowledged; a model replays its batches after the position its checkpoint holds, and a checkpoint
-- deletes those it covers but the model's highest row, which appends are checked against. Positions count
-- per model from 1; the key refuses a position written twice (two activations of one model). Payload:
-- BatchCodec's compact binary form.
-- Idempotent, like every Fleet script (SchemaInstaller runs it on each start, under its advisory lock).

CREATE TABLE IF NOT EXISTS FleetBatchLog
(
    ServiceId varchar(150) NOT NULL,
    ModelId   text         NOT NULL,
    Position  bigint       NOT NULL,
    Payload   bytea        NOT NULL,
    PRIMARY KEY (ServiceId, ModelId, Position)
);
