package dev.switchboard.channel.custom;

/**
 * {@code {"custom_channel":{...}}} of {@code POST /api/custom_channels.json} and
 * {@code PUT /api/custom_channels/{id}.json}. {@code rotate_webhook_secret: true} replaces the
 * signing secret and answers the new one once.
 */
public record CustomChannelFields(
        String title,
        String channelType,
        String webhookUrl,
        String webhookFormat,
        Boolean active,
        Boolean rotateWebhookSecret) {
}
