-- Change data capture: Debezium's signalling table (source channel). Ficus writes an execute-snapshot row to
-- start an incremental snapshot; Debezium writes its snapshot watermarks here. It must live in the legacy
-- database (it is part of the capture publication), which is where this schema is unless FICUS_DB_URL is set.
CREATE TABLE cdc_signal (
    id    VARCHAR(64) PRIMARY KEY,
    type  VARCHAR(32) NOT NULL,
    data  TEXT
);
