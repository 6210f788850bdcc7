-- Ficus's own schema. Each capability adds its tables in its own version range:
--   V10-V19 cdc, V20-V29 pos, V30-V39 traffic.
-- This first migration only records which Ficus created the schema.
CREATE TABLE ficus_instance (
    id          SMALLINT PRIMARY KEY CHECK (id = 1),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO ficus_instance (id) VALUES (1);
