package dev.switchboard.desk.cases;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A case: one customer's request, on one channel, with its status and who works on it.
 * {@code chatState} is "active" or "ended" on sync channels (the live chat), null on async ones.
 */
public record DeskCase(
        long id,
        long userId,
        long channelId,
        String channel,
        String subject,
        String status,
        String priority,
        Long groupId,
        Long staffId,
        List<Long> labels,
        String chatState,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime closedAt,
        OffsetDateTime lastResponseAt) {

    public static final String CHAT_ACTIVE = "active";
    public static final String CHAT_ENDED = "ended";

    public String number() {
        return CaseNumbers.of(id);
    }

    /** This case with the fields a change may touch replaced. */
    public DeskCase with(String newSubject, String newStatus, String newPriority, Long newGroupId, Long newStaffId,
            OffsetDateTime newClosedAt, OffsetDateTime newLastResponseAt) {
        return new DeskCase(id, userId, channelId, channel, newSubject, newStatus, newPriority, newGroupId, newStaffId,
                labels, chatState, createdAt, updatedAt, newClosedAt, newLastResponseAt);
    }

    public DeskCase updatedAt(OffsetDateTime at) {
        return new DeskCase(id, userId, channelId, channel, subject, status, priority, groupId, staffId, labels,
                chatState, createdAt, at, closedAt, lastResponseAt);
    }

    public DeskCase withLabels(List<Long> labelIds) {
        return new DeskCase(id, userId, channelId, channel, subject, status, priority, groupId, staffId, labelIds,
                chatState, createdAt, updatedAt, closedAt, lastResponseAt);
    }
}
