-- Fleet: scheduled reviews (SQLite). Fleet's own table, beside the Orleans ones; idempotent like them.
-- One row per generated review of a service: the occurrence (period, team, due_at on the fleet clock), when it was
-- generated (wall time) and the review as one JSON document (body). Times: Unix milliseconds (UTC).

CREATE TABLE IF NOT EXISTS fleet_reviews
(
    service_id    TEXT NOT NULL,
    id            TEXT NOT NULL,
    period        TEXT NOT NULL,
    team          TEXT NULL,
    due_at        INTEGER NOT NULL,
    generated_at  INTEGER NOT NULL,
    models        INTEGER NOT NULL,
    body          TEXT NOT NULL,
    PRIMARY KEY (service_id, id)
);
