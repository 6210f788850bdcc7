-- Change data capture (dev.ficus.cdc): Debezium's JDBC offset store. Columns as Debezium's
-- JdbcOffsetBackingStore expects them (its default DDL); one row per offset key, rewritten on each flush.
CREATE TABLE cdc_offset (
    id                 VARCHAR(36)   NOT NULL PRIMARY KEY,
    offset_key         VARCHAR(1255),
    offset_val         VARCHAR(1255),
    record_insert_ts   TIMESTAMP     NOT NULL,
    record_insert_seq  INTEGER       NOT NULL
);
