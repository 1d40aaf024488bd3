package dev.switchboard.pipeline;

import java.time.OffsetDateTime;

/** A delivery in the dead-letter queue, as listed by the API. */
public record DeadLetter(
        String deliveryId,
        String queue,
        String groupKey,
        String reason,
        int attempts,
        Integer lastStatus,
        OffsetDateTime firstFailedAt,
        OffsetDateTime deadAt,
        String payload) {
}
