package dev.switchboard.channel.custom.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The webhook a custom channel receives, in seed 004's shape:
 * {@code {"type":"message_new","object":{...}}}. Flags are 0/1 as in the seed; {@code case_number},
 * {@code content_html} and {@code attachments} are Switchboard's extensions.
 */
@JsonPropertyOrder({"type", "object"})
public record MessageNewEvent(String type, Item object) {

    public static final String TYPE = "message_new";

    @JsonPropertyOrder({"message_id", "case_id", "case_number", "staff_id", "user_id", "custom_user_id", "content",
            "content_html", "note", "sent_via_rule", "created_at", "attachments", "buttons"})
    public record Item(
            long messageId,
            long caseId,
            String caseNumber,
            long staffId,
            long userId,
            String customUserId,
            String content,
            String contentHtml,
            int note,
            int sentViaRule,
            String createdAt,
            List<Attachment> attachments,
            List<List<Button>> buttons) {
    }

    @JsonPropertyOrder({"id", "text"})
    public record Button(String id, String text) {
    }

    @JsonPropertyOrder({"file_name", "content_type", "size", "url"})
    public record Attachment(String fileName, String contentType, long size, String url) {
    }
}
