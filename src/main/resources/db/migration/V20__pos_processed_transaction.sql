-- POS ingest: idempotency keys of published POS transactions (<store>/<workstation>/<businessDay>/<sequence>),
-- Camel's JdbcMessageIdRepository layout (camel-sql), processorName = 'pos-ingest'. A key present here is never
-- published again, also after a restart.
CREATE TABLE pos_processed_transaction (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(255) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
