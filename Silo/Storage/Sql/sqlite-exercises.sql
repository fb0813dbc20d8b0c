-- Fleet: training exercises (SQLite). Fleet's own table, beside the Orleans ones; idempotent like them.
-- One row per exercise of a service: its definition, teams, join codes, state and recorded answers as one JSON
-- document (body), written through before the API answers. updated_at: Unix milliseconds (UTC).

CREATE TABLE IF NOT EXISTS fleet_exercises
(
    service_id  TEXT NOT NULL,
    id          TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (service_id, id)
);
