package dev.switchboard.channel.custom;

/**
 * {@code {"custom_channel":{...}}} of {@code POST /api/custom_channels.json} and
 * {@code PUT /api/custom_channels/{id}.json}. {@code rotate_webhook_secret: true} replaces the
 * signing secret and answers the new one once. {@code chat_idle_timeout} (seconds, 0 = the default)
 * and {@code chat_idle_status} ("" = leave the status) apply to sync channels' live chats;
 * {@code group_id} (0 = none) is the group new cases of the channel start in.
 */
public record CustomChannelFields(
        String title,
        String channelType,
        String webhookUrl,
        String webhookFormat,
        Integer chatIdleTimeout,
        String chatIdleStatus,
        Long groupId,
        Boolean active,
        Boolean rotateWebhookSecret) {
}
