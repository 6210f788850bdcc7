-- Traffic control shared by every replica (dev.ficus.traffic), besides the states of V30:
-- traffic_window: each replica's gate counts per route, state version and second (absolute values, rewritten by the
-- replica every traffic.gate-interval-ms); the gates judge the sum of all replicas' rows of the route's current
-- version within its window. Rows older than the longest window are deleted by the replicas.
CREATE TABLE traffic_window (
    route_id       VARCHAR(100) NOT NULL,
    version        BIGINT       NOT NULL,   -- traffic_route_state.version the calls were counted under
    second_epoch   BIGINT       NOT NULL,   -- Unix time of the bucket, s (the replica's clock)
    replica_id     VARCHAR(100) NOT NULL,   -- one per Ficus process
    modern_calls   BIGINT       NOT NULL,
    modern_errors  BIGINT       NOT NULL,
    comparisons    BIGINT       NOT NULL,
    mismatches     BIGINT       NOT NULL,
    legacy_calls   BIGINT       NOT NULL,
    PRIMARY KEY (route_id, version, second_epoch, replica_id)
);
CREATE INDEX traffic_window_second ON traffic_window (second_epoch);

-- traffic_shadow_diff: the recent shadow comparisons where legacy and the modern side differed, per route, at most
-- traffic.max-diffs-per-route rows per route (the oldest are deleted when newer ones are added).
CREATE TABLE traffic_shadow_diff (
    id             BIGSERIAL    PRIMARY KEY,
    route_id       VARCHAR(100) NOT NULL,
    replica_id     VARCHAR(100) NOT NULL,
    compared_at    TIMESTAMPTZ  NOT NULL,
    request_id     TEXT,
    method         TEXT,
    uri            TEXT,
    business_key   TEXT,
    legacy_answer  TEXT,
    modern_status  INTEGER      NOT NULL,
    modern_answer  TEXT,
    paths          TEXT[]       NOT NULL
);
CREATE INDEX traffic_shadow_diff_route ON traffic_shadow_diff (route_id, compared_at DESC, id DESC);
