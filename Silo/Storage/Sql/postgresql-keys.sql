-- Fleet: API keys (PostgreSQL). Fleet's own table, beside the Orleans ones; idempotent like them.
-- Only the SHA-256 of a key is stored (key_hash, lowercase hex); the key itself is shown once at
-- creation. Times are Unix milliseconds (UTC). A key belongs to one service (silos sharing a
-- database and a service id share their keys). roles: comma-separated role names.

CREATE TABLE IF NOT EXISTS fleet_api_keys
(
    service_id  varchar(150) NOT NULL,
    id          varchar(64)  NOT NULL,
    name        varchar(200) NOT NULL,
    roles       varchar(200) NOT NULL,
    key_hash    char(64)     NOT NULL,
    created_at  bigint       NOT NULL,
    created_by  varchar(200) NOT NULL,
    revoked_at  bigint       NULL,
    PRIMARY KEY (service_id, id)
);
-- go
CREATE UNIQUE INDEX IF NOT EXISTS fleet_api_keys_hash ON fleet_api_keys (key_hash);

-- go
-- The keys that seal session cookies and anti-forgery tokens (ASP.NET Core data protection, one XML element each),
-- shared by every silo and dashboard host of the service: a page signed in through one is signed in on all.
CREATE TABLE IF NOT EXISTS fleet_data_protection_keys
(
    service_id  varchar(150) NOT NULL,
    name        varchar(200) NOT NULL,
    xml         text         NOT NULL,
    PRIMARY KEY (service_id, name)
);
