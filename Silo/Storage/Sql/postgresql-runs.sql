-- Fleet: the run journal (PostgreSQL). One header per run (what reproduces it: scenario text, seed, start, until,
-- and where it got to) and its entries in event-time order. A run is deterministic from its header and its
-- inputs (entries with input_json: operator actions and manual injections, each with the tick it applies at),
-- so the facts (level transitions, alert changes, injections starting and ending, actions applied) can be
-- re-derived; they are kept to list, page and compare. position = tick * 2^20 + the entry's place in its tick.
-- owner: the silo (Orleans address) that plays an unfinished run; another silo adopts the run when that one is
-- gone from the cluster or gave it up. Times are Unix milliseconds (UTC). Idempotent, like every Fleet script.

CREATE TABLE IF NOT EXISTS fleet_runs
(
    service_id      text    NOT NULL,
    id              text    NOT NULL,
    source          text    NOT NULL,
    name            text    NOT NULL,
    scenario_text   text    NOT NULL,
    seed            integer NOT NULL,
    start_at        bigint  NOT NULL,
    until_ms        bigint  NULL,
    speed           double precision NULL,
    state           text    NOT NULL,
    created_at      bigint  NOT NULL,
    ended_at        bigint  NULL,
    digest          text    NOT NULL,
    ticks           bigint  NOT NULL,
    now_at          bigint  NOT NULL,
    replay_of       text    NULL,
    without_actions bigint  NOT NULL,
    thresholds      text    NULL,
    entries         bigint  NOT NULL,
    facts_dropped   bigint  NOT NULL,
    owner           text    NULL,
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
    service_id  text    NOT NULL,
    run_id      text    NOT NULL,
    position    bigint  NOT NULL,
    tick        bigint  NOT NULL,
    at          bigint  NOT NULL,
    kind        text    NOT NULL,
    target      text    NOT NULL,
    by_whom     text    NOT NULL,
    origin      text    NOT NULL,
    detail      text    NOT NULL,
    input_json  text    NULL,
    PRIMARY KEY (service_id, run_id, position)
);
