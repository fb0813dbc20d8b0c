-- Fleet: training exercises (PostgreSQL). Fleet's own table, beside the Orleans ones; idempotent like them.
-- One row per exercise of a service: its definition, teams, join codes, state and recorded answers as one JSON
-- document (body), written through before the API answers. updated_at: Unix milliseconds (UTC).

CREATE TABLE IF NOT EXISTS fleet_exercises
(
    service_id  varchar(150) NOT NULL,
    id          varchar(64) NOT NULL,
    body        text NOT NULL,
    updated_at  bigint NOT NULL,
    PRIMARY KEY (service_id, id)
);
