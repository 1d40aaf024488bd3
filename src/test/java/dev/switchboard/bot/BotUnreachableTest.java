package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.WebhookReceiver;

/**
 * A bot that stops answering — its webhook answers 503, or nothing listens — hands its chats to
 * people once its events have failed past the budget, with a note on the case saying why; so does
 * a bot set offline. A bot marked down takes no new chats, and is back when it calls the bot API
 * or answers an event. All tests needing the short budget are here: one application of their own
 * (on a data directory of its own, next to the shared one).
 */
@TestPropertySource(properties = {
        "switchboard.bot-api.unreachable-budget=2s",
        "switchboard.bot-api.watch-interval=200ms",
        // retries spaced as in production relative to the bot's budget: when its chats go to people,
        // events of those chats would still wait for their next attempt (they must not count
        // against it later); and no event is dead-lettered before the watch has looked
        "switchboard.delivery.first-retry=2s",
        "switchboard.delivery.max-retry-interval=1m",
        "switchboard.delivery.budget=10m"})
class BotUnreachableTest extends AppTest {

    private static final Path DATA = newDataDir();

    private final WebhookReceiver peers = new WebhookReceiver();
    private BotDesk desk;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
    }

    @BeforeEach
    void setUpDesk() {
        desk = new BotDesk(admin(), peers);
    }

    @AfterEach
    void stopPeers() {
        peers.close();
    }

    @Test
    void aBotAnswering503PastTheBudgetHandsItsChatToAPersonAndIsBackWhenItAnswers() {
        BotDesk.Group group = desk.group();
        BotDesk.Person person = desk.person(group);
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello");
        bot.awaitEvent(1);
        bot.answering((path, body, attempt) -> WebhookReceiver.Reply.of(503));

        long unheard = desk.write(chat, "Hello? Anybody?");

        await().atMost(BotDesk.PATIENCE).until(() -> desk.assignee(chat) == person.id());
        assertHandedToPeople(chat, "did not answer");
        assertThat(botView(bot).get("unreachable_since").asText()).isNotEqualTo("-");
        assertThat(desk.runningChatsOf(person.id())).containsExactly(chat.caseId());

        // back up and given the chat again: its first event is the new new_chat (the message it
        // could not take meanwhile is in its history, not delivered on its own), and it is reachable
        bot.answering((path, body, attempt) -> WebhookReceiver.Reply.of(200));
        DeskClient.Answer back = admin().put("/api/cases/" + chat.caseId() + ".json",
                Map.of("case", Map.of("staff_id", bot.staffId)));
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        JsonNode again = bot.awaitEvent(2);
        assertThat(again.get("event").asText()).isEqualTo("new_chat");
        assertThat(BotDesk.texts(again.get("messages"), "id")).contains(Long.toString(unheard));
        await().atMost(BotDesk.PATIENCE).until(() -> botView(bot).get("unreachable_since").asText().equals("-"));
        assertThat(desk.assignee(chat)).isEqualTo(bot.staffId);
        assertHandedToPeople(chat, "did not answer");
    }

    @Test
    void aBotNobodyListensForHandsItsChatsToPeopleTakesNoNewOnesAndIsBackWhenItCallsTheApi() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        BotDesk.Person person = desk.person(group);
        ScriptedBot bot = desk.bot(Map.of("group_ids", List.of(group.id()),
                "webhook_url", "http://127.0.0.1:" + BotApiAuthTest.closedPort() + "/webim"));

        BotDesk.Chat first = desk.customerWrites(channel, "Hello");
        BotDesk.Chat second = desk.customerWrites(channel, "Hello too");
        assertThat(first.assignedAtStart()).isEqualTo(bot.staffId);
        assertThat(second.assignedAtStart()).isEqualTo(bot.staffId);

        await().atMost(BotDesk.PATIENCE).until(() -> desk.assignee(first) == person.id()
                && desk.assignee(second) == person.id());
        assertHandedToPeople(first, "did not answer");
        assertHandedToPeople(second, "did not answer");

        BotDesk.Chat whileDown = desk.customerWrites(channel, "Is the bot there?");
        assertThat(whileDown.assignedAtStart()).as("a bot marked down takes no new chats").isZero();

        DeskClient.Answer call = bot.call("close_chat", Map.of("chat_id", first.caseId()));
        assertThat(call.status()).as("no longer its chat").isEqualTo(403);
        assertThat(botView(bot).get("unreachable_since").asText()).isEqualTo("-");
        BotDesk.Chat afterCall = desk.customerWrites(channel, "And now?");
        assertThat(afterCall.assignedAtStart()).isEqualTo(bot.staffId);
    }

    @Test
    void aBotSetOfflineHandsItsChatsToPeopleOfItsHandoffGroup() {
        BotDesk.Group group = desk.group();
        BotDesk.Group handoff = desk.group();
        desk.person(group);
        BotDesk.Person person = desk.person(handoff);
        ScriptedBot bot = desk.bot(Map.of("group_ids", List.of(group.id()), "handoff_group_id", handoff.id()));
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello");
        bot.awaitEvent(1);

        DeskClient.Answer offline = admin().put("/api/bots/" + bot.id + ".json", Map.of("bot", Map.of(
                "status", "offline")));
        assertThat(offline.status()).as(offline.body()).isEqualTo(200);

        assertThat(desk.assignee(chat)).isEqualTo(person.id());
        assertThat(desk.kase(chat.caseId()).get("group_id").asLong()).isEqualTo(handoff.id());
        assertHandedToPeople(chat, "offline");
        assertThat(desk.runningChatsOf(bot.staffId)).isEmpty();
        assertThat(bot.call("send_message", Map.of("chat_id", chat.caseId(), "message", Map.of("kind", "operator",
                "text", "still mine?"))).status()).isEqualTo(403);
    }

    /** The case got a note from Switchboard itself saying why the bot's chat went to people. */
    private void assertHandedToPeople(BotDesk.Chat chat, String why) {
        assertThat(desk.messages(chat.caseId())).filteredOn(m -> m.get("note").asBoolean())
                .singleElement().satisfies(note -> {
                    assertThat(note.get("author").asText()).isEqualTo("system");
                    assertThat(note.get("content").asText()).contains(why, "handed to people");
                });
    }

    private JsonNode botView(ScriptedBot bot) {
        return admin().get("/api/bots/" + bot.id + ".json").json().get("bot");
    }
}
