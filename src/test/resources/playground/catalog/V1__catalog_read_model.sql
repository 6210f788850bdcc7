-- Read model of the demo modern catalog service (dev.ficus.playground.catalog), filled only from CDC change events.
-- Its own schema: the service owns these tables; nothing else writes them.


CREATE TABLE catalog.category (
    category_id    INTEGER PRIMARY KEY,
    category_name  TEXT NOT NULL
);

CREATE TABLE catalog.product (
    product_id         INTEGER PRIMARY KEY,
    product_name       TEXT NOT NULL,
    supplier_id        INTEGER,
    category_id        INTEGER,
    quantity_per_unit  TEXT,
    unit_price         NUMERIC(10, 2),
    units_in_stock     INTEGER,
    units_on_order     INTEGER,
    reorder_level      INTEGER,
    discontinued       BOOLEAN NOT NULL,
    event_id           TEXT NOT NULL,          -- CloudEvents id of the change that wrote this row
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX product_category ON catalog.product (category_id);
