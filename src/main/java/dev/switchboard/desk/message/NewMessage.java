package dev.switchboard.desk.message;

import java.util.List;

/**
 * {@code POST /api/cases/{id}/messages.json} {@code {"message":{...}}}. With {@code user_id} the
 * customer wrote; with {@code staff_id} or neither it is a staff reply.
 */
public record NewMessage(String content, String contentHtml, Long userId, Long staffId, List<String> attachmentUrls) {
}
