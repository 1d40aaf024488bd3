package dev.switchboard.pipeline;

import java.time.OffsetDateTime;

/** A delivery waiting in the database for its next attempt, or behind an earlier one of its case. */
public record ParkedDelivery(
        long id,
        String queue,
        String groupKey,
        String deliveryId,
        String payload,
        int attempts,
        OffsetDateTime firstFailedAt,
        OffsetDateTime nextAttemptAt,
        Integer lastStatus,
        String lastError,
        OffsetDateTime createdAt) {
}
