package dev.switchboard.pipeline;

import org.apache.camel.Exchange;

/**
 * What an attempt route knows about the delivery it is making, kept in an exchange property so
 * that the mapping steps may replace the body and headers with the wire format.
 */
public record Attempt(String queue, String groupKey, String receiver, String deliveryId, String payload,
        Long parkedId) {

    static final String PROPERTY = "SbAttempt";

    /** Captures the delivery from the incoming message (JMS or retry); refuses what is not a delivery. */
    public static Attempt begin(Exchange exchange) {
        Attempt attempt = read(exchange);
        exchange.setProperty(PROPERTY, attempt);
        if (attempt.groupKey() == null || attempt.deliveryId() == null || attempt.queue() == null
                || attempt.receiver() == null) {
            throw new PermanentDeliveryFailure("not a Switchboard delivery: its group, delivery id, queue or "
                    + "receiver is missing");
        }
        return attempt;
    }

    /** The attempt begun on this exchange, or what can be read of the message when none was. */
    public static Attempt of(Exchange exchange) {
        Attempt attempt = exchange.getProperty(PROPERTY, Attempt.class);
        return attempt != null ? attempt : read(exchange);
    }

    private static Attempt read(Exchange exchange) {
        return new Attempt(
                exchange.getMessage().getHeader(DeliveryHeaders.QUEUE, String.class),
                exchange.getMessage().getHeader(DeliveryHeaders.GROUP, String.class),
                exchange.getMessage().getHeader(DeliveryHeaders.RECEIVER, String.class),
                exchange.getMessage().getHeader(DeliveryHeaders.DELIVERY_ID, String.class),
                exchange.getMessage().getBody(String.class),
                exchange.getProperty(DeliveryHeaders.PARKED_ID, Long.class));
    }
}
