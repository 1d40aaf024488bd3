package dev.switchboard.rules;

import static dev.switchboard.rules.RuleFixtures.act;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/**
 * Seed 004 links a custom channel's user to the profile that already had the email they sent;
 * the email then belongs to that profile, and [user_email] must still be the person's email.
 */
class LinkedContactPlaceholdersTest extends SwitchboardTest {

    private static final WebhookReceiver PEER = new WebhookReceiver();
    private RuleFixtures fx;

    @AfterEach
    void cleanup() {
        if (fx != null) {
            fx.cleanup();
        }
    }

    @Test
    void aLinkedProfilesEmailAndPhoneFillThePlaceholders() {
        fx = new RuleFixtures(admin());
        String email = "anna-" + UUID.randomUUID() + "@example.com";
        String phone = "+7999" + (1000000 + (int) (Math.random() * 8999999));
        assertThat(admin().post("/api/users.json", Map.of("user", Map.of("user_email", email,
                "user_phone", phone, "user_full_name", "Anna"))).status()).isEqualTo(201);
        RuleFixtures.TestChannel channel = fx.channel("sync");
        String hook = PEER.newPath();
        fx.rule("new_case", channel, List.of(), List.of(act("http_request", "method", "POST",
                "url", PEER.url(hook), "body", "{\"email\":\"[user_email]\",\"phone\":\"[user_phone]\"}")));

        JsonNode created = fx.newCase(channel, "Hi", "user_email", email, "user_phone", phone);
        JsonNode user = admin().get("/api/users/" + created.get("user_id").asLong() + ".json").json().get("user");
        assertThat(user.get("linked_users")).as("seed 004 linked the new profile").isNotEmpty();

        JsonNode body = await().atMost(Duration.ofSeconds(30)).until(() -> PEER.delivered(hook), h -> h.size() == 1)
                .stream().map(Webhooks::json).findFirst().orElseThrow();
        assertThat(body.get("email").asText()).isEqualTo(email);
        assertThat(body.get("phone").asText()).isEqualTo(phone);
    }
}
