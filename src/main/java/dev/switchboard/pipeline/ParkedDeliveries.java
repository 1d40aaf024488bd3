package dev.switchboard.pipeline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deliveries held in the database. While a case has a parked delivery, every later delivery of
 * that case is parked behind it (never sent ahead of it); other cases flow on. While a receiver
 * is held (it stopped answering), its deliveries are parked on arrival. The retry poller sends a
 * case's parked deliveries in order once the head's wait is over. Rows are claimed with a
 * conditional update, so with several nodes each is attempted by one at a time.
 */
@Component("parkedDeliveries")
public class ParkedDeliveries {

    private static final Logger log = LoggerFactory.getLogger(ParkedDeliveries.class);
    private static final String COLUMNS = "id, queue_name, group_key, receiver, delivery_id, payload, attempts, "
            + "first_failed_at, next_attempt_at, last_status, last_error, created_at";
    /** Longer than one attempt (connect + response timeouts); a node that dies frees its rows after it. */
    static final Duration CLAIM = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final ReceiverHolds receivers;
    private final Clock clock;

    public ParkedDeliveries(JdbcClient jdbc, ReceiverHolds receivers, Clock clock) {
        this.jdbc = jdbc;
        this.receivers = receivers;
        this.clock = clock;
    }

    /** True while the case has a delivery waiting or its receiver is held: this one must wait too. */
    public boolean isHeld(Exchange exchange) {
        String groupKey = exchange.getMessage().getHeader(DeliveryHeaders.GROUP, String.class);
        String receiver = exchange.getMessage().getHeader(DeliveryHeaders.RECEIVER, String.class);
        return receivers.heldUntil(receiver).isPresent() || !jdbc.sql(
                        "SELECT id FROM parked_delivery WHERE group_key = ? FETCH FIRST 1 ROWS ONLY")
                .param(groupKey).query(Long.class).list().isEmpty();
    }

    /** Parks a delivery untried: behind the earlier ones of its case, until its receiver is released. */
    public void parkBehind(Exchange exchange) {
        Attempt attempt = Attempt.of(exchange);
        OffsetDateTime next = receivers.heldUntil(attempt.receiver())
                .map(until -> until.atOffset(ZoneOffset.UTC)).orElse(now());
        insert(attempt, 0, null, next, null, "waiting behind an earlier delivery of this case or its receiver");
        log.debug("SB-2005 delivery {} of {} parked on arrival", attempt.deliveryId(), attempt.groupKey());
    }

    /** Parks a delivery after its first failed attempt. */
    public void park(Attempt attempt, OffsetDateTime nextAttempt, Integer status, String error) {
        insert(attempt, 1, now(), nextAttempt, status, error);
    }

    private void insert(Attempt a, int attempts, OffsetDateTime firstFailedAt, OffsetDateTime nextAttempt,
            Integer status, String error) {
        try {
            jdbc.sql("""
                    INSERT INTO parked_delivery (queue_name, group_key, receiver, delivery_id, payload, attempts,
                        first_failed_at, next_attempt_at, last_status, last_error, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(a.queue(), a.groupKey(), a.receiver(), a.deliveryId(), a.payload(), attempts,
                            firstFailedAt, nextAttempt, status, truncate(error), now())
                    .update();
        } catch (DuplicateKeyException redelivered) {
            // the broker redelivered a message that was already parked: keep the first copy
            log.debug("SB-2006 delivery {} is already parked", a.deliveryId());
        }
    }

    public Optional<ParkedDelivery> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM parked_delivery WHERE id = ?").param(id)
                .query(ParkedDeliveries::row).optional();
    }

    /** After another failure: count it and wait; the claim is released. */
    public void reschedule(long id, int attempts, OffsetDateTime firstFailedAt, OffsetDateTime nextAttempt,
            Integer status, String error) {
        jdbc.sql("""
                UPDATE parked_delivery SET attempts = ?, first_failed_at = ?, next_attempt_at = ?, last_status = ?,
                                           last_error = ?, claimed_until = NULL
                WHERE id = ?""")
                .params(attempts, firstFailedAt, nextAttempt, status, truncate(error), id).update();
    }

    /** Gives a claimed row back untried. */
    public void release(long id) {
        jdbc.sql("UPDATE parked_delivery SET claimed_until = NULL WHERE id = ?").param(id).update();
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM parked_delivery WHERE id = ?").param(id).update();
    }

    /**
     * Claims up to {@code max} case heads whose wait is over. Held receivers are skipped; of a
     * receiver in trouble, only one head is taken, and none while it is {@code busy} with a probe:
     * a receiver that does not answer never occupies more than one retry thread.
     */
    public List<ParkedDelivery> claimDue(int max, Collection<String> busy) {
        OffsetDateTime now = now();
        Set<String> excluded = new HashSet<>(receivers.held());
        busy.stream().filter(receivers::inTrouble).forEach(excluded::add);
        List<ParkedDelivery> due = jdbc.sql("SELECT " + COLUMNS + " FROM parked_delivery p "
                        + "WHERE p.next_attempt_at <= :now AND (p.claimed_until IS NULL OR p.claimed_until < :now) "
                        + (excluded.isEmpty() ? "" : "AND p.receiver NOT IN (:excluded) ")
                        + "AND NOT EXISTS (SELECT 1 FROM parked_delivery q WHERE q.group_key = p.group_key AND q.id < p.id) "
                        + "ORDER BY p.next_attempt_at FETCH FIRST :rows ROWS ONLY")
                .param("now", now).param("rows", max * 8)
                .params(excluded.isEmpty() ? Map.of() : Map.of("excluded", excluded))
                .query(ParkedDeliveries::row).list();
        List<ParkedDelivery> claimed = new ArrayList<>();
        for (ParkedDelivery head : due) {
            boolean probe = receivers.inTrouble(head.receiver());
            if (claimed.size() < max && (!probe || excluded.add(head.receiver())) && claim(head)) {
                claimed.add(head);
            }
        }
        return claimed;
    }

    /** Claims the next delivery of a case, if it is due and nobody else holds it. */
    public Optional<ParkedDelivery> claimNext(String groupKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM parked_delivery WHERE group_key = ? ORDER BY id FETCH FIRST 1 ROWS ONLY")
                .param(groupKey).query(ParkedDeliveries::row).optional()
                .filter(next -> !next.nextAttemptAt().isAfter(now()))
                .filter(next -> receivers.heldUntil(next.receiver()).isEmpty())
                .filter(this::claim);
    }

    private boolean claim(ParkedDelivery delivery) {
        OffsetDateTime now = now();
        return jdbc.sql("""
                UPDATE parked_delivery SET claimed_until = ?
                WHERE id = ? AND (claimed_until IS NULL OR claimed_until < ?)""")
                .params(now.plus(CLAIM), delivery.id(), now).update() == 1;
    }

    public List<ParkedDelivery> list(long offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM parked_delivery ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(offset, limit).query(ParkedDeliveries::row).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM parked_delivery").query(Long.class).single();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    private static ParkedDelivery row(ResultSet rs, int n) throws SQLException {
        return new ParkedDelivery(rs.getLong("id"), rs.getString("queue_name"), rs.getString("group_key"),
                rs.getString("receiver"), rs.getString("delivery_id"), rs.getString("payload"), rs.getInt("attempts"),
                rs.getObject("first_failed_at", OffsetDateTime.class),
                rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getObject("last_status", Integer.class),
                rs.getString("last_error"), rs.getObject("created_at", OffsetDateTime.class));
    }
}
