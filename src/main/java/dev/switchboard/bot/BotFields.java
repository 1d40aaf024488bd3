package dev.switchboard.bot;

import java.util.List;

/**
 * {@code {"bot":{...}}} of {@code POST /api/bots.json} and {@code PUT /api/bots/{id}.json}; null
 * fields stay as they are. {@code regenerate_token} / {@code rotate_webhook_secret}: a new one,
 * answered once.
 */
public record BotFields(
        String title,
        String webhookUrl,
        List<Long> groupIds,
        String status,
        Long handoffGroupId,
        Boolean regenerateToken,
        Boolean rotateWebhookSecret) {
}
