package dev.switchboard.attachment;

import java.time.OffsetDateTime;

/** A stored file; {@code messageId} is null until the message it came with is written. */
public record Attachment(long id, Long messageId, String storageKey, String fileName, String contentType, long size,
        OffsetDateTime createdAt) {

    /** This file as given to its message. */
    public Attachment withMessage(long messageId) {
        return new Attachment(id, messageId, storageKey, fileName, contentType, size, createdAt);
    }
}
