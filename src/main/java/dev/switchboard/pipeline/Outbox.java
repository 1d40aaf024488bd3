package dev.switchboard.pipeline;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes deliveries into the outbox table inside the transaction of the state change that causes
 * them: both commit, or neither. The relay moves committed rows to the broker.
 */
@Component
public class Outbox {

    /** Published when rows were added; the relay runs once the transaction has committed. */
    public record Appended() {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public Outbox(JdbcClient jdbc, ObjectMapper json, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A random (version 4) UUID. Delivery ids only need to be unique, not unguessable, so they come
     * from the thread's own generator rather than the JDK's shared secure one, which every thread
     * would queue for under load.
     */
    public static String newDeliveryId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void add(String queue, String groupKey, String receiver, String deliveryId, Object payload) {
        jdbc.sql("INSERT INTO outbox (queue_name, group_key, receiver, delivery_id, payload, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(queue, groupKey, receiver, deliveryId, write(payload),
                        OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS))
                .update();
        events.publishEvent(new Appended());
    }

    private String write(Object payload) {
        try {
            return payload instanceof String text ? text : json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }
}
