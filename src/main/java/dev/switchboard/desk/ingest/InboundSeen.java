package dev.switchboard.desk.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inbound dedup on (channel, the channel's message id), backed by the primary key: a copy of a
 * message that was already stored — a channel's redelivery, or the broker's after a crash between
 * commit and acknowledgement — is recognised and dropped. Marks are kept for the retention
 * ({@code switchboard.inbound.dedup-retention}), far longer than any channel retries.
 */
@Component("inboundSeen")
public class InboundSeen {

    private final JdbcClient jdbc;
    private final TransactionTemplate savepoint;
    private final Duration retention;
    private final Clock clock;

    InboundSeen(JdbcClient jdbc, PlatformTransactionManager transactions,
            @Value("${switchboard.inbound.dedup-retention:7d}") Duration retention, Clock clock) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.retention = retention;
        this.clock = clock;
    }

    public boolean seen(String channel, String externalId) {
        return jdbc.sql("SELECT COUNT(*) FROM inbound_seen WHERE channel_code = ? AND external_id = ?")
                .params(channel, externalId).query(Long.class).single() > 0;
    }

    /** Marks the message, inside the transaction that stores it; false when it was stored before. */
    boolean mark(String channel, String externalId) {
        try {
            savepoint.executeWithoutResult(status -> jdbc.sql(
                    "INSERT INTO inbound_seen (channel_code, external_id, seen_at) VALUES (?, ?, ?)")
                    .params(channel, externalId, now()).update());
            return true;
        } catch (DuplicateKeyException stored) {
            return false;
        }
    }

    /** Forgets marks past the retention (a timer route calls this); returns how many went. */
    public int prune() {
        return jdbc.sql("DELETE FROM inbound_seen WHERE seen_at < ?").param(now().minus(retention)).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
