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

    /**
     * Whether the receiver's answer says no retry can ever deliver it (the conversation is gone,
     * the request is refused as malformed): dead-lettered at once instead of holding its case.
     */
    default boolean refusedForGood(int status) {
        return false;
    }

    /** Told when a delivery reached its receiver (inside the recording step). */
    default void delivered(Attempt attempt) {
    }

    /** Told when an attempt failed; {@code failingSince} is the delivery's first failure. */
    default void failed(Attempt attempt, java.time.OffsetDateTime failingSince) {
    }
}
