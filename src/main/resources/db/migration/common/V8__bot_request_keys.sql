-- send_message calls a bot marked with an Idempotency-Key: a call sent again (its answer was lost,
-- say in a crash) returns the message the first one wrote instead of writing it twice. Pruned after
-- switchboard.bot-api.idempotency-retention.
CREATE TABLE bot_request (
    bot_id          BIGINT NOT NULL REFERENCES bot (id),
    request_key     VARCHAR(200) NOT NULL,
    message_id      BIGINT NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (bot_id, request_key)
);
CREATE INDEX bot_request_created_ix ON bot_request (created_at);
