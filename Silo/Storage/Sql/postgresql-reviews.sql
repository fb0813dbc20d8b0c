-- Fleet: scheduled reviews (PostgreSQL). Fleet's own table, beside the Orleans ones; idempotent like them.
-- One row per generated review of a service: the occurrence (period, team, due_at on the fleet clock), when it was
-- generated (wall time) and the review as one JSON document (body). Times: Unix milliseconds (UTC).

CREATE TABLE IF NOT EXISTS fleet_reviews
(
    service_id    varchar(150) NOT NULL,
    id            varchar(64) NOT NULL,
    period        varchar(64) NOT NULL,
    team          text NULL,
    due_at        bigint NOT NULL,
    generated_at  bigint NOT NULL,
    models        bigint NOT NULL,
    body          text NOT NULL,
    PRIMARY KEY (service_id, id)
);
