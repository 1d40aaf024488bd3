package dev.switchboard.chat;

import java.time.Duration;
import java.time.OffsetDateTime;

/** One live chat session of a case, with the statistics kept when it ends. */
public record Chat(
        long id,
        long caseId,
        OffsetDateTime startedAt,
        OffsetDateTime lastActivityAt,
        OffsetDateTime lastCustomerAt,
        OffsetDateTime lastStaffAt,
        OffsetDateTime idleAt,
        OffsetDateTime endedAt,
        String endedBy,
        Long endedByStaffId,
        Long endedByRuleId,
        String endReason,
        OffsetDateTime firstResponseAt,
        int customerMessages,
        int staffMessages) {

    public boolean active() {
        return endedAt == null;
    }

    /** Seconds from the start to the first staff answer, or null while nobody answered. */
    public Long firstResponseSeconds() {
        return firstResponseAt == null ? null : Duration.between(startedAt, firstResponseAt).toSeconds();
    }
}
