package dev.switchboard.desk.message;

import java.time.OffsetDateTime;

/**
 * A message of a case. A note is internal: never sent to the customer's channel (custom channels
 * still receive it, flagged). Messages from rules carry {@code sentViaRule}.
 */
public record Message(
        long id,
        long caseId,
        Author author,
        Long userId,
        Long staffId,
        String content,
        String contentHtml,
        boolean note,
        boolean sentViaRule,
        OffsetDateTime createdAt) {
}
