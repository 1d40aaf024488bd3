package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.WebhookReceiver;

/**
 * Order per chat: the customer's messages reach the bot in the order they were written, also
 * when the bot's webhook fails the first attempts; and the bot's events travel in a lane of their
 * own, so a bot that fails never holds up what goes to the customer's channel in the same case.
 */
class BotOrderTest extends BotTest {

    @Test
    void messagesInQuickSuccessionReachTheBotInOrderPerChat() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot bot = desk.bot(group);
        List<BotDesk.Chat> chats = List.of(desk.customerWrites(channel, "first chat"),
                desk.customerWrites(channel, "second chat"), desk.customerWrites(channel, "third chat"));
        List<List<Long>> written = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

        for (int i = 1; i <= 6; i++) {
            for (int c = 0; c < chats.size(); c++) {
                written.get(c).add(desk.write(chats.get(c), "message " + i));
            }
        }

        List<JsonNode> events = bot.awaitEvents(chats.size() * 7);
        for (int c = 0; c < chats.size(); c++) {
            long caseId = chats.get(c).caseId();
            assertThat(events.stream().filter(e -> e.path("chat_id").asLong() == caseId)
                    .map(e -> Long.parseLong(e.get("message").get("id").asText())).toList())
                    .isEqualTo(written.get(c));
        }
    }

    @Test
    void messagesReachTheBotInOrderAndOnceWhenItsWebhookFailsTheFirstAttempts() {
        BotDesk.Group group = desk.group();
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello");
        bot.awaitEvent(1);
        // attempt 1 was new_chat; the next three attempts fail
        bot.answering((path, body, attempt) -> WebhookReceiver.Reply.of(attempt <= 4 ? 500 : 200));
        List<Long> written = new ArrayList<>();

        for (int i = 1; i <= 5; i++) {
            written.add(desk.write(chat, "message " + i));
        }

        List<JsonNode> events = bot.awaitEvents(6);
        assertThat(events.subList(1, events.size())).extracting(e -> Long.parseLong(e.get("message").get("id")
                .asText())).isEqualTo(written);
        assertThat(bot.hits()).filteredOn(h -> h.answered() == 500).hasSize(3);
    }

    @Test
    void aFailingBotDoesNotHoldUpWhatGoesToTheCustomer() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(channel, "Hello");
        bot.awaitEvent(1);
        // the bot's webhook fails for as long as the customer has not received the bot's answer:
        // were the bot's events in the customer's lane, neither would ever arrive
        bot.answering((path, body, attempt) -> WebhookReceiver.Reply.of(
                desk.delivered(channel).isEmpty() ? 503 : 200));
        List<Long> written = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            written.add(desk.write(chat, "message " + i));
        }
        await().atMost(BotDesk.PATIENCE).until(() -> !bot.hits().isEmpty()
                && bot.hits().get(bot.hits().size() - 1).answered() == 503);

        bot.say(chat.caseId(), "An answer while my webhook is down");

        assertThat(desk.awaitDelivered(channel, 1).get(0).get("content").asText())
                .isEqualTo("An answer while my webhook is down");
        List<JsonNode> events = bot.awaitEvents(4);
        assertThat(events.subList(1, 4)).extracting(e -> Long.parseLong(e.get("message").get("id").asText()))
                .isEqualTo(written);
        long channelGotIt = peers.delivered(channel.hook()).get(0).receivedAtNanos();
        assertThat(bot.deliveries().get(1).receivedAtNanos()).isGreaterThan(channelGotIt);
        assertThat(bot.hits()).anyMatch(h -> h.answered() == 503);
        assertThat(desk.assignee(chat)).isEqualTo(bot.staffId);
    }
}
