package dev.switchboard.desk.ingest;

import java.time.OffsetDateTime;

/**
 * A channel's conversation: its customer ({@code userId}; for a group, the group's own user), its
 * current case, and the channel's reference for answering in it (JSON, channel-specific).
 */
public record Conversation(long id, long channelId, String key, String title, boolean group, Long userId,
        Long caseId, String reference, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
