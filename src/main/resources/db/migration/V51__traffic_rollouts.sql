-- Planned rollouts of traffic control (dev.ficus.traffic, README "Planned rollouts"), shared by every replica.
-- traffic_rollout: one row per plan and route (the newest row of a route is its rollout); a plan walks its CANARY
-- steps, then MODERN. state_version is the traffic_route_state.version its last change made: a change of the
-- route made outside the plan shows as a different version. version is the row's own optimistic version: a replica
-- applies a step only while it is still the version it judged, so two replicas never advance twice.
CREATE TABLE traffic_rollout (
    id               BIGSERIAL    PRIMARY KEY,
    route_id         VARCHAR(100) NOT NULL,
    status           VARCHAR(10)  NOT NULL CHECK (status IN ('RUNNING', 'PAUSED', 'ABORTED', 'COMPLETED')),
    steps            JSONB        NOT NULL,   -- [{"percent":1,"pauseMs":60000,"pause":false}, ...], percent rising
    current_step     INTEGER      NOT NULL,   -- index into steps
    step_started_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    state_version    BIGINT       NOT NULL,
    reason           TEXT         NOT NULL,   -- the reason of the newest event
    version          BIGINT       NOT NULL DEFAULT 1,
    started_by       VARCHAR(200) NOT NULL,
    started_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
-- at most one running or paused plan per route, whatever the replicas do
CREATE UNIQUE INDEX traffic_rollout_active ON traffic_rollout (route_id) WHERE status IN ('RUNNING', 'PAUSED');
CREATE INDEX traffic_rollout_route ON traffic_rollout (route_id, id DESC);

-- traffic_rollout_event: the plan's history (its audit: who, when, what, why); each row is also one CloudEvent to
-- traffic.rollout.webhook-url. percent is the route's modern share after the event (MODERN 100, LEGACY 0).
CREATE TABLE traffic_rollout_event (
    id          BIGSERIAL    PRIMARY KEY,
    rollout_id  BIGINT       NOT NULL REFERENCES traffic_rollout (id) ON DELETE CASCADE,
    route_id    VARCHAR(100) NOT NULL,
    at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor       VARCHAR(200) NOT NULL,
    event       VARCHAR(10)  NOT NULL CHECK (event IN ('started', 'advanced', 'paused', 'resumed', 'promoted',
                                                       'aborted', 'completed')),
    percent     SMALLINT     NOT NULL CHECK (percent BETWEEN 0 AND 100),
    reason      TEXT         NOT NULL
);
CREATE INDEX traffic_rollout_event_rollout ON traffic_rollout_event (rollout_id, id);
