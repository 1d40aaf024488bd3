package dev.switchboard.pipeline;

import java.time.OffsetDateTime;

/**
 * A delivery waiting in the database for its next attempt, or behind an earlier one of its case.
 * Its retry budget counts from {@code createdAt}, when it was parked (right after it was first
 * tried, or right when it arrived behind another).
 */
public record ParkedDelivery(
        long id,
        String queue,
        String groupKey,
        String receiver,
        String deliveryId,
        String payload,
        int attempts,
        OffsetDateTime firstFailedAt,
        OffsetDateTime nextAttemptAt,
        Integer lastStatus,
        String lastError,
        OffsetDateTime createdAt) {
}
