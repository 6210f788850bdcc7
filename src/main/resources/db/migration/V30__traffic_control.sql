-- Strangler traffic control (dev.ficus.traffic): the current migration state of each route, every change to it,
-- and the legacy calls per route and minute (the "safe to retire" proof). Replicas share these rows.
CREATE TABLE traffic_route_state (
    route_id          VARCHAR(100) PRIMARY KEY,
    state             VARCHAR(10)  NOT NULL CHECK (state IN ('LEGACY', 'SHADOW', 'CANARY', 'MODERN', 'RETIRED')),
    percent           SMALLINT     NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    version           BIGINT       NOT NULL,
    last_change_kind  VARCHAR(10)  NOT NULL CHECK (last_change_kind IN ('INITIAL', 'MANUAL', 'ROLLBACK', 'ADVANCE')),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_by        VARCHAR(200) NOT NULL
);

CREATE TABLE traffic_audit (
    id            BIGSERIAL    PRIMARY KEY,
    route_id      VARCHAR(100) NOT NULL,
    changed_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    changed_by    VARCHAR(200) NOT NULL,
    kind          VARCHAR(10)  NOT NULL,
    from_state    VARCHAR(10),
    from_percent  SMALLINT,
    to_state      VARCHAR(10)  NOT NULL,
    to_percent    SMALLINT     NOT NULL,
    reason        TEXT         NOT NULL
);
CREATE INDEX traffic_audit_route ON traffic_audit (route_id, id DESC);

CREATE TABLE traffic_legacy_calls (
    route_id  VARCHAR(100) NOT NULL,
    minute    TIMESTAMPTZ  NOT NULL,
    calls     BIGINT       NOT NULL,
    PRIMARY KEY (route_id, minute)
);
