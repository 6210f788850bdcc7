-- Shadow comparison rules changed at runtime through the admin API (dev.ficus.traffic, README "Traffic control"),
-- shared by every replica: each re-reads this table with the route states every traffic.poll-interval-ms.
-- traffic_compare_rules: at most one row per route. rules NULL: the traffic routes file's compare rules apply.
-- version increases with every change of rules (optimistic concurrency: a change may name the version it read);
-- noise_epoch increases when an operator forgets the learned noise (each replica then clears its own).
CREATE TABLE traffic_compare_rules (
    route_id     VARCHAR(100) PRIMARY KEY,
    rules        JSONB,          -- {"ignorePaths":[...],"numericTolerance":0.0,"unorderedArrays":[...],
                                 --  "caseInsensitivePaths":[...],"noiseLearning":{"enabled":true,"samplePercent":5.0}}
    version      BIGINT       NOT NULL DEFAULT 0,
    noise_epoch  BIGINT       NOT NULL DEFAULT 0,
    updated_at   TIMESTAMPTZ,    -- the last change of rules (NULL: never changed, only noise forgotten)
    updated_by   VARCHAR(200),
    reason       TEXT
);

-- The route's history (traffic_audit) also holds these changes: kind COMPARE_SET, COMPARE_RESET (back to the
-- file's rules) or NOISE_RESET, with the rules before and after as JSON in from_detail / to_detail and no state.
ALTER TABLE traffic_audit ALTER COLUMN kind TYPE VARCHAR(20);
ALTER TABLE traffic_audit ALTER COLUMN to_state DROP NOT NULL;
ALTER TABLE traffic_audit ALTER COLUMN to_percent DROP NOT NULL;
ALTER TABLE traffic_audit ADD COLUMN from_detail TEXT;
ALTER TABLE traffic_audit ADD COLUMN to_detail TEXT;
