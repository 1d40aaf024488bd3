package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.support.BotApiClient;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.Webhooks;

/**
 * A bot that lost the answer of a send_message (a timeout, a crash on either side) sends it again
 * with the same Idempotency-Key: the customer gets the message once, and the bot the first id.
 */
class BotIdempotencyTest extends BotTest {

    @Test
    void aCallSentAgainWithItsKeyWritesTheMessageOnce() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(channel, "Hello", Map.of());
        bot.awaitDeliveries(1);
        BotApiClient api = new BotApiClient(admin().base(), bot.token);
        Map<String, Object> body = Map.of("chat_id", chat.caseId(), "message", Map.of("kind", "operator",
                "text", "Once only"));

        DeskClient.Answer first = api.call("send_message", body, Map.of("Idempotency-Key", "answer-1"));
        DeskClient.Answer again = api.call("send_message", body, Map.of("Idempotency-Key", "answer-1"));
        DeskClient.Answer other = api.call("send_message", Map.of("chat_id", chat.caseId(), "message",
                Map.of("kind", "operator", "text", "Another one")), Map.of("Idempotency-Key", "answer-2"));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("message_id").asText()).isEqualTo(first.json().get("message_id").asText());
        assertThat(other.json().get("message_id").asText()).isNotEqualTo(first.json().get("message_id").asText());
        assertThat(desk.messages(chat.caseId())).extracting(m -> m.get("content").asText())
                .containsExactly("Hello", "Once only", "Another one");
        // the later message arriving is the barrier: the repeated call would have been delivered before it
        await().atMost(BotDesk.PATIENCE).until(() -> peers.delivered(channel.hook()).stream()
                .anyMatch(h -> Webhooks.json(h).get("object").get("content").asText().equals("Another one")));
        assertThat(peers.delivered(channel.hook())).extracting(h -> Webhooks.json(h).get("object").get("content").asText())
                .containsExactly("Once only", "Another one");
    }

    @Test
    void aKeyThatIsNotVisibleAsciiOrTooLongIsRefused() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(channel, "Hello", Map.of());
        bot.awaitDeliveries(1);
        BotApiClient api = new BotApiClient(admin().base(), bot.token);
        Map<String, Object> body = Map.of("chat_id", chat.caseId(), "message", Map.of("kind", "operator", "text", "x"));

        DeskClient.Answer tooLong = api.call("send_message", body, Map.of("Idempotency-Key", "k".repeat(201)));

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("error").asText()).isEqualTo("invalid_field");
        assertThat(tooLong.json().get("desc").asText()).contains("Idempotency-Key");
        assertThat(desk.messages(chat.caseId())).hasSize(1);
    }
}
