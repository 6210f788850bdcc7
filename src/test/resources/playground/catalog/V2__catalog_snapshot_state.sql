-- Which tables of the catalog's read model hold their complete initial snapshot (dev.ficus.playground.catalog): one row per
-- legacy table, written when the catalog applies the row the CDC capability marked as that table's last snapshot
-- row (CloudEvents extension `snapshot` = last_in_data_collection or last). The catalog answers only once every
-- table it needs is here; being in the same database as the read model, it survives restarts with it.
CREATE TABLE catalog.snapshot_state (
    table_name    TEXT PRIMARY KEY,              -- legacy table, e.g. public.products
    completed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    event_id      TEXT                           -- CloudEvents id of the marked event; NULL when seeded below
);

-- Upgrade: a read model built by an earlier version got its snapshot rows long ago and Debezium will not send
-- them again, so a table that already has rows counts as complete rather than waiting for ever.
INSERT INTO catalog.snapshot_state (table_name)
SELECT 'public.products' WHERE EXISTS (SELECT 1 FROM catalog.product);
INSERT INTO catalog.snapshot_state (table_name)
SELECT 'public.categories' WHERE EXISTS (SELECT 1 FROM catalog.category);
