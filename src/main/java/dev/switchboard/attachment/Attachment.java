package dev.switchboard.attachment;

import java.time.OffsetDateTime;

/** A stored file; {@code messageId} is null until the message it came with is written. */
public record Attachment(long id, Long messageId, String storageKey, String fileName, String contentType, long size,
        OffsetDateTime createdAt) {
}
