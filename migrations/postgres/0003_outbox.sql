-- Notifications to applicants, written in the same transaction as the status change they
-- announce (so a message exists exactly when the change committed), then delivered by the
-- sender. Instants are UTC RFC 3339 text of fixed width (microseconds, `Z`), so text order
-- is time order on both engines. `request_id` has no foreign key on purpose: the outbox
-- does not depend on how requests are stored.
CREATE TABLE outbox (
    id                  BIGSERIAL PRIMARY KEY,
    request_id          BIGINT  NOT NULL,
    recipient_email     TEXT,
    recipient_phone     TEXT,
    lang                TEXT    NOT NULL CHECK (lang IN ('kk', 'ru')),
    subject             TEXT    NOT NULL,
    body                TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'no_channel')),
    attempts            BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at     TEXT    NOT NULL,
    created_at          TEXT    NOT NULL,
    sent_at             TEXT,
    last_error          TEXT,
    -- Without an e-mail address a message can only wait for staff to phone.
    CHECK (recipient_email IS NOT NULL OR status = 'no_channel')
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_request ON outbox (request_id);

-- One row per delivery attempt, whatever its outcome.
CREATE TABLE delivery_log (
    id                  BIGSERIAL PRIMARY KEY,
    outbox_id           BIGINT  NOT NULL REFERENCES outbox (id),
    attempted_at        TEXT    NOT NULL,
    outcome             TEXT    NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
    detail              TEXT    NOT NULL
);

CREATE INDEX delivery_log_by_message ON delivery_log (outbox_id);
