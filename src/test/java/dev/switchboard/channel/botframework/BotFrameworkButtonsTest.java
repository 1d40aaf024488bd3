package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.BotApiClient;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/**
 * A native bot (External Bot API) serving a Bot Framework chat: its keyboard becomes the
 * Activity's suggested actions, and the user tapping one reaches it as a keyboard_response.
 */
class BotFrameworkButtonsTest extends BotFrameworkAppTest {

    private static final WebhookReceiver BOT_HOOKS = new WebhookReceiver();

    @AfterAll
    static void stopHooks() {
        BOT_HOOKS.close();
    }

    @Test
    void aNativeBotsKeyboardBecomesSuggestedActionsAndATapIsItsKeyboardResponse() {
        long group = items(admin().get("/api/groups.json").json(), "group").stream()
                .filter(g -> g.get("group_key").asText().equals(BUTTONS_GROUP)).findFirst().orElseThrow()
                .get("group_id").asLong();
        String hook = BOT_HOOKS.newPath();
        DeskClient.Answer created = admin().post("/api/bots.json", Map.of("bot", Map.of("title", "Skype helper",
                "webhook_url", BOT_HOOKS.url(hook), "group_ids", List.of(group))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        BotApiClient bot = new BotApiClient(admin().base(), created.json().get("bot").get("token").asText());

        String conversation = newConversation();
        accepted(BUTTONS, message(BUTTONS, conversation, "I need help"));
        long caseId = awaitCase(BUTTONS, conversation);
        JsonNode newChat = Webhooks.json(await().atMost(PATIENCE).until(() -> BOT_HOOKS.delivered(hook),
                h -> h.size() == 1).get(0));
        assertThat(newChat.get("event").asText()).isEqualTo("new_chat");
        assertThat(newChat.get("chat").get("id").asLong()).isEqualTo(caseId);

        DeskClient.Answer sent = bot.call("send_message", Map.of("chat_id", caseId, "message", Map.of(
                "kind", "keyboard", "buttons", List.of(
                        List.of(Map.of("id", "track", "text", "Track my order")),
                        List.of(Map.of("id", "human", "text", "Talk to a person"))))));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        JsonNode activity = awaitDelivered(BUTTONS, conversation, 1).get(0).json();
        assertThat(activity.path("text").asText("")).doesNotContain("1.").doesNotContain("Track my order");
        JsonNode suggested = activity.get("suggestedActions");
        assertThat(suggested.get("to")).extracting(JsonNode::asText).containsExactly(conversation);
        assertThat(suggested.get("actions")).extracting(a -> a.get("type").asText() + "|" + a.get("title").asText()
                + "|" + a.get("value").asText()).containsExactly("imBack|Track my order|Track my order",
                "imBack|Talk to a person|Talk to a person");

        // the tap: imBack posts the button's value as the user's message
        accepted(BUTTONS, message(BUTTONS, conversation, "Track my order"));
        JsonNode pressed = Webhooks.json(await().atMost(PATIENCE).until(() -> BOT_HOOKS.delivered(hook),
                h -> h.size() == 2).get(1));
        assertThat(pressed.get("event").asText()).isEqualTo("new_message");
        assertThat(pressed.get("chat_id").asLong()).isEqualTo(caseId);
        assertThat(pressed.get("message").get("kind").asText()).isEqualTo("keyboard_response");
        assertThat(pressed.get("message").get("data").get("button").get("id").asText()).isEqualTo("track");

        // an answer in plain text from the bot has no buttons
        bot.call("send_message", Map.of("chat_id", caseId, "message", Map.of("kind", "operator",
                "text", "It is on its way.")));
        JsonNode plain = awaitDelivered(BUTTONS, conversation, 2).get(1).json();
        assertThat(plain.get("text").asText()).isEqualTo("It is on its way.");
        assertThat(plain.has("suggestedActions")).isFalse();
    }
}
