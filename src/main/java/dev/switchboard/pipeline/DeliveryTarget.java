package dev.switchboard.pipeline;

/**
 * Somewhere deliveries go: a persistent queue consumed by a route, and the direct endpoint that
 * makes one attempt (used by the consumer and by the retry poller alike).
 */
public interface DeliveryTarget {

    /** The outbound queue, {@code sb.outbound.<target>}. */
    String queue();

    /** The endpoint of one attempt, e.g. {@code direct:custom-channel-webhook}. */
    String attemptEndpoint();
}
