package dev.switchboard.rules;

import static dev.switchboard.rules.RuleFixtures.act;
import static dev.switchboard.rules.RuleFixtures.cond;
import static dev.switchboard.rules.RuleFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.rules.RuleFixtures.TestChannel;
import dev.switchboard.support.DeskClient;

/**
 * The README's seed-001 set-up (section "Seed 001"), made through the desk API in the shared
 * application: the bot staff member, the label "on bot", a group with one person online, the two
 * bot rules and the hand-off rule — the same conditions and actions, each rule also limited to
 * one test channel (other tests share the application). Rules are deleted by {@link #cleanup()}.
 */
final class Seed001Setup {

    /** The request body of seed 001, verbatim. */
    static final String SEED_BODY = "{ \"event\": \"new_message\", \"message\": { \"kind\": \"text\", "
            + "\"text\": \"[case_description]\" }, \"visitor\": { \"id\": \"[user_id]\", \"fields\": { \"email\": "
            + "\"[user_email]\", \"login\": \"[user_id]\", \"name\": \"[user_full_name]\", \"phone\": \"[user_phone]\" "
            + "} }, \"chat_id\": \"[case_id]\" }";
    static final String ON_BOT = "on bot";

    final RuleFixtures fx;
    final TestChannel channel;
    final BotPlatform.Bot bot;
    final long botId;
    final long onBot;
    final long groupId;
    final Person person;
    final String botHook;
    final List<Long> ruleIds = new ArrayList<>();

    /** A person of the hand-off group, with a client authenticated as them. */
    record Person(long id, DeskClient api) {
    }

    Seed001Setup(DeskClient admin, BotPlatform platform) {
        fx = new RuleFixtures(admin);
        channel = fx.channel("sync");
        botHook = platform.newWebhookPath();
        JsonNode botStaff = fx.staff("staff_email", "bot-" + UUID.randomUUID() + "@platform.example",
                "staff_full_name", "Platform bot", "bot", true);
        botId = botStaff.get("staff_id").asLong();
        bot = platform.as(admin, botStaff.get("staff_email").asText(), botStaff.get("api_key").asText());
        onBot = labelOnBot(admin);
        groupId = fx.group();
        JsonNode human = fx.staff("staff_full_name", "Anna", "status", "online", "group_ids", List.of(groupId));
        person = new Person(human.get("staff_id").asLong(),
                admin.as(human.get("staff_email").asText(), human.get("api_key").asText()));

        List<Map<String, Object>> botActions = List.of(
                act("assign", "staff_email", botStaff.get("staff_email").asText()),
                act("http_request", "method", "POST", "url", platform.webhookUrl(botHook),
                        "content_type", "application/json", "body", SEED_BODY),
                act("end_chat", "status", "waiting"),
                act("add_labels", "label_ids", List.of(onBot)),
                act("stop"));
        ruleIds.add(rule("Bot platform (new case)", "new_case", 0,
                List.of(cond("status", "is", "open")), botActions));
        ruleIds.add(rule("Bot hand-off", "changed_case", 0,
                List.of(cond("label_removed", "any", List.of(onBot))),
                List.of(act("assign_nobody"), act("assign_available", "group_id", groupId), act("pin_chat"),
                        act("stop"))));
        ruleIds.add(rule("Bot platform (changed case)", "changed_case", 1,
                List.of(cond("status", "is", "open"), cond("assignee", "is", "bot")), botActions));
    }

    private long rule(String title, String trigger, int position, List<Map<String, Object>> conditions,
            List<Map<String, Object>> actions) {
        List<Map<String, Object>> all = new ArrayList<>(conditions);
        // this test's channel only: the application is shared with other tests
        all.add(cond("channel", "is", channel.code()));
        return fx.rule(map("title", title + " " + channel.code(), "trigger", trigger, "position", position,
                "conditions_all", all, "actions", actions));
    }

    /** The label "on bot": shared by the tests of this application, so found or created. */
    private static long labelOnBot(DeskClient admin) {
        for (JsonNode item : admin.get("/api/labels.json").json()) {
            if (item.has("label") && item.get("label").get("label_title").asText().equals(ON_BOT)) {
                return item.get("label").get("label_id").asLong();
            }
        }
        DeskClient.Answer created = admin.post("/api/labels.json", Map.of("label", Map.of("label_title", ON_BOT)));
        if (created.status() == 409) {
            return labelOnBot(admin);
        }
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("label").get("label_id").asLong();
    }

    /** A customer of the test channel opens a case; answers the case. */
    JsonNode customerOpens(String customId, String fullName, String email, String content) {
        return fx.newCase(channel, content, "user_custom_id", customId, "user_full_name", fullName,
                "user_email", email);
    }

    JsonNode caseOf(long caseId) {
        return fx.caseOf(caseId);
    }

    /** The webhook seed 001's rule posts for a customer's text, as JSON. */
    static JsonNode expectedWebhook(JsonNode deskCase, String text, String email, String name, String phone) {
        String userId = deskCase.get("user_id").asText();
        return DeskClient.JSON.valueToTree(map(
                "event", "new_message",
                "message", map("kind", "text", "text", text),
                "visitor", map("id", userId, "fields", map("email", email, "login", userId, "name", name,
                        "phone", phone)),
                "chat_id", deskCase.get("case_id").asText()));
    }

    /** The running chats of a staff member on the test channel (GET /api/chats.json?staff_id=). */
    List<Long> runningChatsOf(long staffId) {
        DeskClient.Answer answer = fx.api().get("/api/chats.json?staff_id=" + staffId + "&channel=" + channel.code());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return RuleFixtures.list(answer.json(), "chat").stream().map(c -> c.get("case_id").asLong()).toList();
    }

    void cleanup() {
        fx.cleanup();
    }
}
