-- POS ingest: a key is only a duplicate when its content is the same. Each published version of a transaction is a
-- row: (processorName, messageId = the idempotency key, contentHash = SHA-256 hex of the canonical transaction),
-- version 1 for the first, +1 for each correction (stores with later-version-wins), eventId = CloudEvents id of its
-- first event. Keys recorded before this migration keep an empty hash (content unknown: a resend stays a duplicate).
-- Version 31, not 21: databases already migrated to V30 would refuse a lower version as out of order.
ALTER TABLE pos_processed_transaction ADD COLUMN contentHash VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE pos_processed_transaction ADD COLUMN version INT NOT NULL DEFAULT 1;
ALTER TABLE pos_processed_transaction ADD COLUMN eventId VARCHAR(64);
ALTER TABLE pos_processed_transaction DROP CONSTRAINT pos_processed_transaction_pkey;
ALTER TABLE pos_processed_transaction ADD CONSTRAINT pos_processed_transaction_pkey
    PRIMARY KEY (processorName, messageId, contentHash);
ALTER TABLE pos_processed_transaction ADD CONSTRAINT pos_processed_transaction_version
    UNIQUE (processorName, messageId, version);
