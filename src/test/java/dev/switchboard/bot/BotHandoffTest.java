package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.DeskClient;

/**
 * Hand-off: redirect_chat gives the chat to a person (operator_id), to a group (dep_key: an
 * online person of it, else a bot serving it, else its queue) or to the queue; from then on the
 * bot hears nothing of the chat. Whether it heard something is checked with a barrier, not a
 * wait: the chat is handed back to the bot, and the next event it receives must be new_chat with
 * the customer's messages meanwhile — no new_message before it. Hand-off works any number of
 * times per customer.
 */
class BotHandoffTest extends BotTest {

    @Test
    void aRedirectedChatIsThePersonsAndTheBotHearsNothingUntilItIsHandedBackAgainAndAgain() {
        BotDesk.Group group = desk.group();
        BotDesk.Group sales = desk.group();
        BotDesk.Person person = desk.person(desk.group());
        BotDesk.Person salesPerson = desk.person(sales);
        ScriptedBot bot = desk.bot(group);
        bot.on("new_message", event -> {
            if (event.get("message").get("text").asText().contains("person")) {
                bot.say(event.get("chat_id").asLong(), "Passing you on");
                bot.redirect(event.get("chat_id").asLong(), Map.of("operator_id", person.id()));
            }
        });
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello");
        bot.awaitEvent(1);

        desk.write(chat, "I want a person");

        await().atMost(BotDesk.PATIENCE).until(() -> desk.assignee(chat) == person.id());
        assertThat(desk.runningChatsOf(person.id())).containsExactly(chat.caseId());
        assertThat(desk.runningChatsOf(bot.staffId)).isEmpty();
        long meanwhile = desk.write(chat, "Hello person?");
        long answer = reply(chat, person.id(), "Hello, I am a person");

        JsonNode back = handBack(chat, bot, 3);
        assertThat(ids(back)).as("the chat so far, with what happened meanwhile").contains(meanwhile, answer);
        assertThat(kinds(back)).contains("visitor", "operator");
        assertThat(desk.assignee(chat)).isEqualTo(bot.staffId);

        // once more: this time to the sales group, whose online person gets it
        bot.redirect(chat.caseId(), Map.of("dep_key", sales.key()));
        assertThat(desk.assignee(chat)).isEqualTo(salesPerson.id());
        assertThat(desk.kase(chat.caseId()).get("group_id").asLong()).isEqualTo(sales.id());
        assertThat(desk.runningChatsOf(salesPerson.id())).containsExactly(chat.caseId());
        long again = desk.write(chat, "Sales, are you there?");

        JsonNode backAgain = handBack(chat, bot, 4);
        assertThat(ids(backAgain)).contains(meanwhile, again);
    }

    @Test
    void aRedirectToTheQueueLeavesTheChatUnassignedInItsGroup() {
        BotDesk.Group group = desk.group();
        desk.person(group);
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello");
        bot.awaitEvent(1);

        bot.redirect(chat.caseId(), Map.of());

        assertThat(desk.assignee(chat)).as("the general queue, even with a person online").isZero();
        assertThat(desk.kase(chat.caseId()).get("group_id").asLong()).isEqualTo(group.id());
        assertThat(desk.runningChats("staff_id=0&group_id=" + group.id())).containsExactly(chat.caseId());
        long meanwhile = desk.write(chat, "Anybody?");
        assertThat(ids(handBack(chat, bot, 2))).contains(meanwhile);
    }

    @Test
    void aRedirectToAGroupWithoutPeopleGoesToItsBotOrWaitsInItsQueue() {
        BotDesk.Group group = desk.group();
        BotDesk.Group served = desk.group();
        BotDesk.Group empty = desk.group();
        ScriptedBot bot = desk.bot(group);
        ScriptedBot specialist = desk.bot(served);
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello");
        bot.awaitEvent(1);
        long question = desk.write(chat, "A billing question");
        bot.awaitEvent(2);

        bot.redirect(chat.caseId(), Map.of("dep_key", served.key()));

        assertThat(desk.assignee(chat)).isEqualTo(specialist.staffId);
        JsonNode taken = specialist.awaitEvent(1);
        assertThat(taken.get("event").asText()).isEqualTo("new_chat");
        assertThat(ids(taken)).contains(question);

        specialist.redirect(chat.caseId(), Map.of("dep_key", empty.key()));
        assertThat(desk.assignee(chat)).isZero();
        assertThat(desk.kase(chat.caseId()).get("group_id").asLong()).isEqualTo(empty.id());
    }

    @Test
    void aChatTheApiGivesToAPersonIsNoLongerTheBots() {
        BotDesk.Group group = desk.group();
        BotDesk.Person person = desk.person(group);
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello");
        bot.awaitEvent(1);

        assign(chat, person.id());
        long meanwhile = desk.write(chat, "Is this still the bot?");
        DeskClient.Answer late = bot.call("send_message", Map.of("chat_id", chat.caseId(), "message",
                Map.of("kind", "operator", "text", "I am still here")));
        assertThat(late.status()).as(late.body()).isEqualTo(403);

        assertThat(ids(handBack(chat, bot, 2))).contains(meanwhile);
    }

    @Test
    void aCaseGivenToTheBotBetweenChatsIsItsChatWhenTheCustomerWritesAgain() {
        BotDesk.Group group = desk.group();
        BotDesk.Person person = desk.person(group);
        ScriptedBot bot = desk.bot(desk.group());
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello", Map.of("staff_id", person.id()));
        DeskClient.Answer ended = admin().post("/api/cases/" + chat.caseId() + "/end_chat.json", Map.of());
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);

        assign(chat, bot.staffId);
        long back = desk.write(chat, "Back again");

        JsonNode newChat = bot.awaitEvent(1);
        assertThat(newChat.get("event").asText()).isEqualTo("new_chat");
        assertThat(newChat.get("chat").get("id").asLong()).isEqualTo(chat.caseId());
        assertThat(ids(newChat)).as("the chat that started").containsExactly(back);
        assertThat(desk.runningChatsOf(bot.staffId)).containsExactly(chat.caseId());
    }

    /**
     * Gives the chat back to the bot; its event number {@code n} must be the new_chat this causes
     * (so nothing came between). Returns it.
     */
    private JsonNode handBack(BotDesk.Chat chat, ScriptedBot bot, int n) {
        assertThat(bot.events()).hasSize(n - 1);
        assign(chat, bot.staffId);
        JsonNode event = bot.awaitEvent(n);
        assertThat(event.get("event").asText()).as(event.toString()).isEqualTo("new_chat");
        assertThat(event.get("chat").get("id").asLong()).isEqualTo(chat.caseId());
        return event;
    }

    private void assign(BotDesk.Chat chat, long staffId) {
        DeskClient.Answer answer = admin().put("/api/cases/" + chat.caseId() + ".json",
                Map.of("case", Map.of("staff_id", staffId)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private long reply(BotDesk.Chat chat, long staffId, String text) {
        DeskClient.Answer answer = admin().post("/api/cases/" + chat.caseId() + "/messages.json",
                Map.of("message", Map.of("content", text, "staff_id", staffId)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message").get("message_id").asLong();
    }

    private static List<Long> ids(JsonNode newChat) {
        return BotDesk.texts(newChat.get("messages"), "id").stream().map(Long::parseLong).toList();
    }

    private static List<String> kinds(JsonNode newChat) {
        return BotDesk.texts(newChat.get("messages"), "kind");
    }
}
