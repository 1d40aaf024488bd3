package dev.switchboard.bot;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code switchboard.bot-api.*}: bots speaking Webim's External Bot API 2.0.
 *
 * @param unreachableBudget how long a bot's events may keep failing before its chats go to people
 * @param retryDownAfter how long a bot marked down takes no new chats (then it gets another chance)
 * @param watchInterval how often bots with failing deliveries are checked
 * @param idempotencyRetention how long a send_message's Idempotency-Key is remembered
 * @param bots bots declared in configuration, by key (created or updated at start)
 */
@ConfigurationProperties("switchboard.bot-api")
public record BotProperties(
        @DefaultValue("2m") Duration unreachableBudget,
        @DefaultValue("10m") Duration retryDownAfter,
        @DefaultValue("5s") Duration watchInterval,
        @DefaultValue("24h") Duration idempotencyRetention,
        Map<String, Declared> bots) {

    public BotProperties {
        bots = bots == null ? Map.of() : bots;
    }

    /**
     * A bot in configuration. {@code token} (at least 32 characters) is what the bot sends as
     * {@code Authorization: Token ...}; {@code webhookSecret} signs its events; {@code groups} and
     * {@code handoffGroup} are group keys.
     */
    public record Declared(String title, String webhookUrl, String token, String webhookSecret,
            List<String> groups, @DefaultValue("online") String status, String handoffGroup) {
    }
}
