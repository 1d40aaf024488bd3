package dev.switchboard.chat;

import java.time.OffsetDateTime;

/** A running chat as the "green icon" view lists it. */
public record ActiveChat(
        long chatId,
        long caseId,
        String subject,
        long userId,
        String userFullName,
        String channel,
        Long staffId,
        Long groupId,
        OffsetDateTime startedAt,
        OffsetDateTime lastActivityAt,
        OffsetDateTime lastCustomerAt,
        OffsetDateTime lastStaffAt,
        String lastMessage) {

    /** Since when the customer waits for an answer, or null when the last word was the staff's. */
    public OffsetDateTime waitingSince() {
        if (lastCustomerAt == null || lastStaffAt != null && !lastCustomerAt.isAfter(lastStaffAt)) {
            return null;
        }
        return lastCustomerAt;
    }
}
