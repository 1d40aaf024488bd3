package dev.switchboard.pipeline;

import org.apache.camel.Exchange;

/**
 * What an attempt route knows about the delivery it is making, kept in exchange properties so
 * that the mapping steps may replace the body and headers with the wire format.
 */
public record Attempt(String queue, String groupKey, String deliveryId, String payload, Long parkedId) {

    static final String PROPERTY = "SbAttempt";

    /** Captures the delivery from the incoming message (JMS or retry). */
    public static Attempt begin(Exchange exchange) {
        Attempt attempt = new Attempt(
                exchange.getMessage().getHeader(DeliveryHeaders.QUEUE, String.class),
                exchange.getMessage().getHeader(DeliveryHeaders.GROUP, String.class),
                exchange.getMessage().getHeader(DeliveryHeaders.DELIVERY_ID, String.class),
                exchange.getMessage().getBody(String.class),
                exchange.getProperty(DeliveryHeaders.PARKED_ID, Long.class));
        exchange.setProperty(PROPERTY, attempt);
        return attempt;
    }

    public static Attempt of(Exchange exchange) {
        Attempt attempt = exchange.getProperty(PROPERTY, Attempt.class);
        if (attempt == null) {
            throw new IllegalStateException("the attempt route must start with deliveryAttempts.begin");
        }
        return attempt;
    }
}
