package dev.switchboard.pipeline;

import java.time.OffsetDateTime;
import java.util.List;

import dev.switchboard.desk.message.Button;

/**
 * The canonical outbound message: something written in the desk (a staff reply, a note, a rule's
 * message) on its way to a channel. Delivery routes map it to each channel's wire format.
 * {@code buttons} (rows) are offered natively where the channel has buttons; the content already
 * carries them as a numbered list for channels that do not.
 */
public record Outbound(
        String deliveryId,
        long caseId,
        String caseNumber,
        String channel,
        long messageId,
        String author,
        Long staffId,
        String staffName,
        long userId,
        String userCustomId,
        String content,
        String contentHtml,
        boolean note,
        boolean sentViaRule,
        List<Attachment> attachments,
        List<List<Button>> buttons,
        OffsetDateTime createdAt) {

    /** A file sent with the message, as a download URL. */
    public record Attachment(String fileName, String contentType, long size, String url) {
    }
}
