-- POS dead letters (dev.ficus.pos.deadletter): every resend and discard made through the admin API
-- (/admin/dead-letters), shared by all replicas. One row per message: who (the authenticated principal), what
-- (resend or discard), which queue and message (JMS message id), the transaction's business key when known, and the
-- operator's reason (required for a discard). Version 33 sits below V50: spring.flyway.out-of-order applies it to a
-- database migrated beyond it.
CREATE TABLE pos_dead_letter_audit (
    id            BIGSERIAL    PRIMARY KEY,
    at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    principal     VARCHAR(200) NOT NULL,
    action        VARCHAR(10)  NOT NULL CHECK (action IN ('resend', 'discard')),
    queue         VARCHAR(200) NOT NULL,
    message_id    VARCHAR(250) NOT NULL,
    business_key  TEXT,
    resent_to     VARCHAR(200),
    reason        TEXT
);
CREATE INDEX pos_dead_letter_audit_at ON pos_dead_letter_audit (at DESC, id DESC);
