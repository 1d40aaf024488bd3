package dev.switchboard.bot;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.switchboard.desk.api.ApiException;

/**
 * Idempotency keys of bot API calls ({@code Idempotency-Key} header on send_message): the message
 * a key wrote, kept with the message in its transaction, so a bot that sends a call again after
 * losing its answer gets the first message back and the customer sees it once. Two calls with one
 * key at the same moment meet at the primary key: the second fails and, sent again, finds the first.
 */
@Component("botRequests")
class BotRequests {

    static final int MAX_KEY = 200;

    private final JdbcClient jdbc;
    private final BotProperties properties;
    private final Clock clock;

    BotRequests(JdbcClient jdbc, BotProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    static String checked(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > MAX_KEY || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.invalidField("Idempotency-Key", "must be 1-" + MAX_KEY + " visible ASCII characters");
        }
        return key;
    }

    Optional<Long> messageOf(long botId, String key) {
        return jdbc.sql("SELECT message_id FROM bot_request WHERE bot_id = ? AND request_key = ?")
                .params(botId, key).query(Long.class).optional();
    }

    /** In the message's transaction. */
    void wrote(long botId, String key, long messageId) {
        jdbc.sql("INSERT INTO bot_request (bot_id, request_key, message_id, created_at) VALUES (?, ?, ?, ?)")
                .params(botId, key, messageId, now()).update();
    }

    /** Forgets keys past the retention (a timer route calls this). */
    public int prune() {
        return jdbc.sql("DELETE FROM bot_request WHERE created_at < ?")
                .param(now().minus(properties.idempotencyRetention())).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
