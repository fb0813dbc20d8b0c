-- Fleet: the run journal (SQLite). One header per run (what reproduces it: scenario text, seed, start, until,
-- and where it got to) and its entries in event-time order. A run is deterministic from its header and its
-- inputs (entries with input_json: operator actions and manual injections, each with the tick it applies at),
-- so the facts (level transitions, alert changes, injections starting and ending, actions applied) can be
-- re-derived; they are kept to list, page and compare. position = tick * 2^20 + the entry's place in its tick.
-- owner: the silo (Orleans address) that plays an unfinished run; another silo adopts the run when that one is
-- gone from the cluster or gave it up. Times are Unix milliseconds (UTC). Idempotent, like every Fleet script.

CREATE TABLE IF NOT EXISTS fleet_runs
(
    service_id      TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    scenario_text   TEXT    NOT NULL,
    seed            INTEGER NOT NULL,
    start_at        INTEGER NOT NULL,
    until_ms        INTEGER NULL,
    speed           REAL    NULL,
    state           TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    ended_at        INTEGER NULL,
    digest          TEXT    NOT NULL,
    ticks           INTEGER NOT NULL,
    now_at          INTEGER NOT NULL,
    replay_of       TEXT    NULL,
    without_actions INTEGER NOT NULL,
    thresholds      TEXT    NULL,
    entries         INTEGER NOT NULL,
    facts_dropped   INTEGER NOT NULL,
    owner           TEXT    NULL,
    PRIMARY KEY (service_id, id)
);
-- go
-- One unfinished demo per service: a silo starting the demo inserts its header only if no other demo plays (the
-- insert does nothing otherwise), so a cluster plays one demo, adopted like any run when its silo dies.
CREATE UNIQUE INDEX IF NOT EXISTS fleet_runs_one_demo ON fleet_runs (service_id)
    WHERE source = 'demo' AND state IN ('starting', 'running', 'paused');
-- go
CREATE TABLE IF NOT EXISTS fleet_run_journal
(
    service_id  TEXT    NOT NULL,
    run_id      TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    tick        INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    by_whom     TEXT    NOT NULL,
    origin      TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    input_json  TEXT    NULL,
    PRIMARY KEY (service_id, run_id, position)
);
