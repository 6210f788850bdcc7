-- One change data capture leader among replicas (dev.ficus.cdc.CdcLeadership): Spring Integration's JDBC lock
-- registry table (its schema-postgresql.sql, prefix cdc_leader_). One row per held lock: region 'ficus-cdc',
-- lock_key = name-based UUID of the replication slot, client_id = the leading replica, created_date = its last
-- renewal (UTC); a row older than cdc.leader.lease-ms is expired and may be taken by a standby.
CREATE TABLE cdc_leader_lock (
    lock_key     CHAR(36)     NOT NULL,
    region       VARCHAR(100) NOT NULL,
    client_id    CHAR(36),
    created_date TIMESTAMP    NOT NULL,
    CONSTRAINT cdc_leader_lock_pk PRIMARY KEY (lock_key, region)
);
