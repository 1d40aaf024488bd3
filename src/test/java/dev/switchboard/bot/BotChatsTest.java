package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/**
 * Which chats a bot takes — live chats arriving unassigned in its groups while it is online or
 * invisible; not an async channel's cases, not cases a rule or the API gave a person, nothing
 * while offline — and what it is told: new_chat with the chat so far, new_message for each
 * customer message, with Webim's headers and Switchboard's signature; its answers reach the
 * customer, and close_chat ends the chat and closes the case.
 */
class BotChatsTest extends BotTest {

    /** How a bot's chats are counted to pick the bot with the fewest (see BotRepository.takingChatsIn). */
    private static final String COUNTING_CHATS = "%COUNT(*) FROM bot_chat c WHERE c.bot_id = b.id%";

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void twoBotsOfAGroupTakeItsNewChatsTheOneWithFewerChatsFirst() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot first = desk.bot(group);
        ScriptedBot second = desk.bot(group);

        List<Long> takers = IntStream.range(0, 4)
                .mapToObj(i -> desk.assignee(desk.customerWrites(channel, "Question " + i))).toList();

        assertThat(takers).containsExactly(first.staffId, second.staffId, first.staffId, second.staffId);
    }

    @Test
    void aGroupsOnlyBotTakesANewChatWithoutCountingTheChatsItHas() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot bot = desk.bot(group);
        jdbc.execute("SET QUERY_STATISTICS_MAX_ENTRIES 1000");
        jdbc.execute("SET QUERY_STATISTICS TRUE");
        try {
            long countedBefore = timesChatsWereCounted();

            BotDesk.Chat chat = desk.customerWrites(channel, "Hello");

            assertThat(desk.assignee(chat)).isEqualTo(bot.staffId);
            assertThat(timesChatsWereCounted()).as("a bot's chats are read to compare it with others")
                    .isEqualTo(countedBefore);
        } finally {
            jdbc.execute("SET QUERY_STATISTICS FALSE");
        }
    }

    private long timesChatsWereCounted() {
        return jdbc.queryForObject("SELECT COALESCE(SUM(EXECUTION_COUNT), 0) FROM INFORMATION_SCHEMA.QUERY_STATISTICS "
                + "WHERE SQL_STATEMENT LIKE ?", Long.class, COUNTING_CHATS);
    }

    @Test
    void aLiveChatOfItsGroupGoesToTheBotWhichHearsTheCustomerAndAnswers() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot bot = desk.bot(group);
        bot.on("new_message", event -> bot.say(event.get("chat_id").asLong(),
                "You said: " + event.get("message").get("text").asText()));

        BotDesk.Chat chat = desk.customerWrites(channel, "Hello bot", Map.of("user_full_name", "Vera",
                "user_email", "vera-" + BotDesk.uid() + "@example.com", "user_phone", "+79001234567"));

        assertThat(desk.assignee(chat)).isEqualTo(bot.staffId);
        assertThat(desk.runningChatsOf(bot.staffId)).containsExactly(chat.caseId());
        WebhookReceiver.Hit hit = bot.awaitDeliveries(1).get(0);
        assertThat(hit.header("Content-Type")).isEqualTo("application/json");
        assertThat(hit.header("X-Bot-API-Dialect")).isEqualTo("Webim Standard");
        assertThat(hit.header("X-Bot-API-Version")).isEqualTo("2.0");
        assertThat(hit.header("X-Switchboard-Delivery")).isNotBlank();
        assertThat(hit.header("X-Switchboard-Signature")).isEqualTo(
                Webhooks.expectedSignature(bot.secret, hit.header("X-Switchboard-Timestamp"), hit.body()));
        assertThat(hit.answered()).isEqualTo(200);
        JsonNode newChat = Webhooks.json(hit);
        assertThat(newChat.get("event").asText()).isEqualTo("new_chat");
        assertThat(newChat.get("chat").get("id").isIntegralNumber()).isTrue();
        assertThat(newChat.get("chat").get("id").asLong()).isEqualTo(chat.caseId());
        assertThat(newChat.get("visitor").get("id").isTextual()).as("an opaque string").isTrue();
        assertThat(newChat.get("visitor").get("id").asText()).isEqualTo(Long.toString(chat.userId()));
        JsonNode fields = newChat.get("visitor").get("fields");
        assertThat(fields.get("name").asText()).isEqualTo("Vera");
        assertThat(fields.get("email").asText()).startsWith("vera-").endsWith("@example.com");
        assertThat(fields.get("phone").asText()).contains("9001234567");
        long first = desk.messages(chat.caseId()).get(0).get("message_id").asLong();
        assertThat(newChat.get("messages")).singleElement().satisfies(m -> {
            assertThat(m.get("id").asText()).isEqualTo(Long.toString(first));
            assertThat(m.get("kind").asText()).isEqualTo("visitor");
            assertThat(m.get("text").asText()).isEqualTo("Hello bot");
        });

        long next = desk.write(chat, "Where is my order?");

        WebhookReceiver.Hit second = bot.awaitDeliveries(2).get(1);
        assertThat(second.header("X-Bot-API-Dialect")).isEqualTo("Webim Standard");
        assertThat(second.header("X-Switchboard-Signature")).isEqualTo(
                Webhooks.expectedSignature(bot.secret, second.header("X-Switchboard-Timestamp"), second.body()));
        JsonNode newMessage = Webhooks.json(second);
        assertThat(newMessage.get("event").asText()).isEqualTo("new_message");
        assertThat(newMessage.get("chat_id").isIntegralNumber()).isTrue();
        assertThat(newMessage.get("chat_id").asLong()).isEqualTo(chat.caseId());
        assertThat(newMessage.get("message").get("id").asText()).isEqualTo(Long.toString(next));
        assertThat(newMessage.get("message").get("kind").asText()).isEqualTo("visitor");
        assertThat(newMessage.get("message").get("text").asText()).isEqualTo("Where is my order?");

        JsonNode answer = desk.awaitDelivered(channel, 1).get(0);
        assertThat(answer.get("content").asText()).isEqualTo("You said: Where is my order?");
        assertThat(answer.get("staff_id").asLong()).isEqualTo(bot.staffId);
        assertThat(answer.get("case_id").asLong()).isEqualTo(chat.caseId());
        assertThat(desk.messages(chat.caseId())).extracting(m -> m.get("staff_id").asLong())
                .containsExactly(0L, 0L, bot.staffId);
    }

    @Test
    void aCaseCreatedWithTheBotsGroupIsItsChatToo() {
        BotDesk.Group group = desk.group();
        ScriptedBot bot = desk.bot(group);
        BotDesk.Channel ungrouped = desk.channel(null);

        BotDesk.Chat chat = desk.customerWrites(ungrouped, "Hi", Map.of("group_id", group.id()));

        assertThat(desk.assignee(chat)).isEqualTo(bot.staffId);
        assertThat(bot.awaitEvent(1).get("chat").get("id").asLong()).isEqualTo(chat.caseId());
    }

    @Test
    void anAsyncChannelsCaseIsNotGivenToABot() {
        BotDesk.Group group = desk.group();
        ScriptedBot bot = desk.bot(group);

        BotDesk.Chat mail = desk.customerWrites(desk.channel("async", group), "An email-like question");
        desk.write(mail, "Any news?");

        // assigning and queueing new_chat happen in the transaction of the customer's message
        assertThat(desk.assignee(mail)).isZero();
        assertThat(desk.kase(mail.caseId()).get("group_id").asLong()).isEqualTo(group.id());
        BotDesk.Chat live = desk.customerWrites(desk.channel(group), "A live question");
        assertThat(bot.awaitEvent(1).get("chat").get("id").asLong()).isEqualTo(live.caseId());
        assertThat(desk.runningChatsOf(bot.staffId)).containsExactly(live.caseId());
    }

    @Test
    void aCaseGivenToAPersonFirstByTheApiOrARuleIsNotTaken() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        BotDesk.Person person = desk.person(group);
        ScriptedBot bot = desk.bot(group);

        BotDesk.Chat byApi = desk.customerWrites(channel, "For the person", Map.of("staff_id", person.id()));
        long rule = rule(Map.of("title", "To the person " + BotDesk.uid(), "trigger", "new_case",
                "conditions_all", List.of(Map.of("field", "channel", "operator", "is", "value", channel.code())),
                "conditions_any", List.of(),
                "actions", List.of(Map.of("type", "assign", "staff_id", person.id()))));
        try {
            BotDesk.Chat byRule = desk.customerWrites(channel, "Also for the person");
            desk.write(byRule, "Hello?");

            assertThat(desk.assignee(byApi)).isEqualTo(person.id());
            assertThat(desk.assignee(byRule)).isEqualTo(person.id());
            assertThat(desk.runningChatsOf(person.id())).containsExactlyInAnyOrder(byApi.caseId(), byRule.caseId());
            assertThat(desk.runningChatsOf(bot.staffId)).isEmpty();
        } finally {
            admin().raw("DELETE", "/api/rules/" + rule + ".json", null, null);
        }
    }

    @Test
    void anOfflineBotTakesNothingAndAnInvisibleOneTakesChats() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot offline = desk.bot(Map.of("group_ids", List.of(group.id()), "status", "offline"));

        BotDesk.Chat unserved = desk.customerWrites(channel, "Anyone?");
        assertThat(desk.assignee(unserved)).isZero();

        ScriptedBot invisible = desk.bot(Map.of("group_ids", List.of(group.id()), "status", "invisible"));
        BotDesk.Chat served = desk.customerWrites(channel, "Anyone now?");
        assertThat(desk.assignee(served)).isEqualTo(invisible.staffId);
        assertThat(invisible.awaitEvent(1).get("chat").get("id").asLong()).isEqualTo(served.caseId());
        assertThat(desk.runningChatsOf(offline.staffId)).isEmpty();
        assertThat(offline.hits()).isEmpty();
    }

    @Test
    void closeChatEndsTheChatAndClosesTheCaseAndTheCustomersReturnIsANewChatForTheBot() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot bot = desk.bot(group);
        bot.on("new_message", event -> {
            bot.say(event.get("chat_id").asLong(), "Glad to help, bye!");
            bot.close(event.get("chat_id").asLong());
        });
        BotDesk.Chat chat = desk.customerWrites(channel, "How do I reset my password?");
        bot.awaitEvent(1);

        desk.write(chat, "Thanks, that worked");

        await().atMost(BotDesk.PATIENCE)
                .until(() -> desk.kase(chat.caseId()).get("status").asText().equals("closed"));
        JsonNode ended = desk.chatsOf(chat.caseId()).get(0);
        assertThat(ended.get("active").asBoolean()).isFalse();
        assertThat(ended.get("ended_by").asText()).isEqualTo("staff");
        assertThat(ended.get("ended_by_staff_id").asLong()).isEqualTo(bot.staffId);
        assertThat(desk.runningChatsOf(bot.staffId)).isEmpty();
        assertThat(desk.awaitDelivered(channel, 1).get(0).get("content").asText()).isEqualTo("Glad to help, bye!");

        long back = desk.write(chat, "One more question");

        JsonNode again = bot.awaitEvent(3);
        assertThat(again.get("event").asText()).isEqualTo("new_chat");
        assertThat(again.get("messages")).as("only the new chat session").singleElement()
                .satisfies(m -> assertThat(m.get("id").asText()).isEqualTo(Long.toString(back)));
        assertThat(desk.kase(chat.caseId()).get("status").asText()).isEqualTo("open");
        assertThat(desk.assignee(chat)).isEqualTo(bot.staffId);
    }

    private long rule(Map<String, Object> rule) {
        DeskClient.Answer answer = admin().post("/api/rules.json", Map.of("rule", rule));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("rule").get("rule_id").asLong();
    }
}
