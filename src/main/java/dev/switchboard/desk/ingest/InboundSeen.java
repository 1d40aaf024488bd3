package dev.switchboard.desk.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inbound dedup on (channel, the channel's message id): a copy of a message that was already
 * stored — a channel's redelivery, or the broker's after a crash between commit and
 * acknowledgement — is recognised and dropped. Marks are kept for the retention
 * ({@code switchboard.inbound.dedup-retention}), far longer than any channel retries.
 * <p>
 * A mark is unique by a 64-bit hash of the two ({@link #keyHash}), not by the strings: channels'
 * ids are random, so each mark lands in another leaf of the unique index, and H2 writes every
 * leaf a commit touched whole — an index of strings made more than half of what each commit
 * wrote (migration V13). The strings stay in the mark and tell a copy from another message with
 * the same hash; that message is stored without a mark (a warning says so), so a collision can
 * never drop a message, and only a copy of that one message, should one come, would be stored
 * again. At 10 million marks a new message meets a collision about once in 10^12.
 */
@Component("inboundSeen")
public class InboundSeen {

    private static final Logger log = LoggerFactory.getLogger(InboundSeen.class);

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
        return jdbc.sql("SELECT COUNT(*) FROM inbound_seen WHERE key_hash = ? AND channel_code = ? AND external_id = ?")
                .params(keyHash(channel, externalId), channel, externalId).query(Long.class).single() > 0;
    }

    /** Marks the message, inside the transaction that stores it; false when it was stored before. */
    boolean mark(String channel, String externalId) {
        long key = keyHash(channel, externalId);
        try {
            savepoint.executeWithoutResult(status -> jdbc.sql(
                    "INSERT INTO inbound_seen (key_hash, channel_code, external_id, seen_at) VALUES (?, ?, ?, ?)")
                    .params(key, channel, externalId, now()).update());
            return true;
        } catch (DuplicateKeyException taken) {
            if (seen(channel, externalId)) {
                return false;
            }
            log.warn("SB-6006 inbound {} of {} has the dedup key of another message id: stored without a mark",
                    externalId, channel);
            return true;
        }
    }

    /**
     * The mark's key: the first 8 bytes of SHA-256 over {@code channel|externalId} in UTF-8,
     * big-endian — what migration V13 computed in SQL for the marks it found.
     */
    static long keyHash(String channel, String externalId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((channel + "|" + externalId).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
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
