package dev.switchboard.bench;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.support.DeskClient;

/**
 * What the benchmark creates through the desk API as the administrator: for the bot round trip a
 * group with a key, a sync custom channel starting its chats in it (replies to the receiver) and
 * a bot of the group (events to the stub bot); for ingestion alone a second sync channel in a
 * group without a bot.
 */
final class DeskSetup {

    /** A custom channel: its code ({@code cchN}) and webhook signing secret. */
    record Channel(long id, String code, String secret, String webhookPath) {
    }

    /** A bot: its ids, API token and webhook secret. */
    record Bot(long id, long staffId, String token, String secret) {
    }

    private final DeskClient admin;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    DeskSetup(DeskClient admin) {
        this.admin = admin;
    }

    long group(String title) {
        JsonNode answer = expect(201, admin.post("/api/groups.json", Map.of("group", Map.of(
                "group_title", title + " " + tag, "group_key", title.toLowerCase().replace(' ', '-') + "-" + tag))));
        return answer.get("group").get("group_id").asLong();
    }

    Channel channel(String title, String webhookPath, String webhookUrl, long groupId) {
        JsonNode answer = expect(201, admin.post("/api/custom_channels.json", Map.of("custom_channel", Map.of(
                "title", title + " " + tag, "channel_type", "sync", "webhook_url", webhookUrl, "group_id", groupId))));
        JsonNode channel = answer.get("custom_channel");
        return new Channel(channel.get("channel_id").asLong(), channel.get("channel_api_key").asText(),
                channel.get("webhook_secret").asText(), webhookPath);
    }

    Bot bot(String title, String webhookUrl, long groupId) {
        JsonNode answer = expect(201, admin.post("/api/bots.json", Map.of("bot", Map.of("title", title,
                "webhook_url", webhookUrl, "group_ids", List.of(groupId), "status", "online"))));
        JsonNode bot = answer.get("bot");
        return new Bot(bot.get("bot_id").asLong(), bot.get("staff_id").asLong(), bot.get("token").asText(),
                bot.get("webhook_secret").asText());
    }

    private static JsonNode expect(int status, DeskClient.Answer answer) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }
}
