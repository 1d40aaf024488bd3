package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.Multipart;

/**
 * What the bad-input run creates before it starts, through the desk API as the administrator:
 * the objects the requests name (each writing endpoint has a victim of its own, so an accepted
 * change to it harms nothing else), the credentials of every kind (a staff member who is no
 * administrator, a deactivated one, a bot's token) and a file with its download link.
 * <p>
 * Nothing here is ever the target of a mutated request except the victims; the round-trip
 * channel stays untouched for the final check.
 */
final class BadInputFixtures {

    final DeskClient admin;
    final String tag = UUID.randomUUID().toString().substring(0, 8);

    long groupBot;
    String groupBotKey;
    long groupVictim;
    long groupIdle;
    long label;
    long labelVictim;
    long channelPlain;
    String channelPlainCode;
    String channelBotCode;
    long channelVictim;
    String channelVictimCode;
    String channelRoundCode;
    long staffPerson;
    String staffPersonEmail;
    String staffPersonKey;
    String staffDeactivatedEmail;
    String staffDeactivatedKey;
    long staffVictim;
    long userVictim;
    long userLinkA;
    long userLinkB;
    String userLinkBEmail;
    long caseVictim;
    long caseVictimUser;
    long casePut;
    long caseChat;
    long caseChatUser;
    long caseBot;
    long caseBotUser;
    long bot;
    long botStaff;
    String botToken;
    long botVictim;
    String botVictimToken;
    long ruleVictim;
    long fileId;
    String fileUrl;
    long fileOtherId;

    BadInputFixtures(DeskClient admin) {
        this.admin = admin;
    }

    BadInputFixtures create(BadInputPeers peers, String switchboardBase, int port) {
        groupBot = id(expect(201, admin.post("/api/groups.json", Map.of("group", Map.of("group_title", "Bots " + tag,
                "group_key", groupBotKey = "bots-" + tag)))), "group", "group_id");
        groupVictim = id(expect(201, admin.post("/api/groups.json", Map.of("group", Map.of("group_title",
                "Victim group " + tag, "group_key", "victim-" + tag)))), "group", "group_id");
        groupIdle = id(expect(201, admin.post("/api/groups.json", Map.of("group", Map.of("group_title",
                "Idle group " + tag)))), "group", "group_id");
        label = id(expect(201, admin.post("/api/labels.json", Map.of("label", Map.of("label_title", "label " + tag)))),
                "label", "label_id");
        labelVictim = id(expect(201, admin.post("/api/labels.json", Map.of("label", Map.of("label_title",
                "victim label " + tag)))), "label", "label_id");

        JsonNode plain = channel("Plain", peers.url("/hook/plain"), 0);
        channelPlain = plain.get("channel_id").asLong();
        channelPlainCode = plain.get("channel_api_key").asText();
        channelBotCode = channel("Bot chat", peers.url("/hook/bot"), groupBot).get("channel_api_key").asText();
        JsonNode victim = channel("Victim", peers.url("/hook/victim"), 0);
        channelVictim = victim.get("channel_id").asLong();
        channelVictimCode = victim.get("channel_api_key").asText();
        channelRoundCode = channel("Round trip", peers.url("/hook/round"), 0).get("channel_api_key").asText();

        JsonNode person = expect(201, admin.post("/api/staff.json", Map.of("staff", Map.of(
                "staff_email", staffPersonEmail = "person-" + tag + "@badinput.example", "staff_full_name", "Person",
                "status", "online")))).json().get("staff");
        staffPerson = person.get("staff_id").asLong();
        staffPersonKey = person.get("api_key").asText();
        JsonNode deactivated = expect(201, admin.post("/api/staff.json", Map.of("staff", Map.of(
                "staff_email", staffDeactivatedEmail = "gone-" + tag + "@badinput.example",
                "staff_full_name", "Gone")))).json().get("staff");
        staffDeactivatedKey = deactivated.get("api_key").asText();
        expect(200, admin.put("/api/staff/" + deactivated.get("staff_id").asLong() + ".json",
                Map.of("staff", Map.of("active", false))));
        staffVictim = id(expect(201, admin.post("/api/staff.json", Map.of("staff", Map.of(
                "staff_email", "victim-" + tag + "@badinput.example", "staff_full_name", "Victim")))),
                "staff", "staff_id");

        userVictim = id(expect(201, admin.post("/api/users.json", Map.of("user", Map.of(
                "user_email", "user-victim-" + tag + "@badinput.example", "user_full_name", "User victim")))),
                "user", "user_id");
        userLinkA = id(expect(201, admin.post("/api/users.json", Map.of("user", Map.of(
                "user_email", "link-a-" + tag + "@badinput.example")))), "user", "user_id");
        userLinkB = id(expect(201, admin.post("/api/users.json", Map.of("user", Map.of(
                "user_email", userLinkBEmail = "link-b-" + tag + "@badinput.example")))), "user", "user_id");

        JsonNode victimCase = customerCase(channelPlainCode, "victim-" + tag, "The victim case");
        caseVictim = victimCase.get("case_id").asLong();
        caseVictimUser = victimCase.get("user_id").asLong();
        casePut = customerCase(channelPlainCode, "put-" + tag, "The case for changes").get("case_id").asLong();
        JsonNode chatCase = customerCase(channelPlainCode, "chat-" + tag, "The case whose chat ends");
        caseChat = chatCase.get("case_id").asLong();
        caseChatUser = chatCase.get("user_id").asLong();

        JsonNode created = expect(201, admin.post("/api/bots.json", Map.of("bot", Map.of("title", "Bot " + tag,
                "webhook_url", peers.url("/bot/main"), "group_ids", List.of(groupBot), "status", "online")))).json().get("bot");
        bot = created.get("bot_id").asLong();
        botStaff = created.get("staff_id").asLong();
        botToken = created.get("token").asText();
        JsonNode victimBot = expect(201, admin.post("/api/bots.json", Map.of("bot", Map.of("title", "Victim bot " + tag,
                "webhook_url", peers.url("/bot/victim"), "group_ids", List.of(groupIdle), "status", "offline"))))
                .json().get("bot");
        botVictim = victimBot.get("bot_id").asLong();
        botVictimToken = victimBot.get("token").asText();
        JsonNode botCase = customerCase(channelBotCode, "bot-" + tag, "The bot's case");
        caseBot = botCase.get("case_id").asLong();
        caseBotUser = botCase.get("user_id").asLong();

        ruleVictim = id(expect(201, admin.post("/api/rules.json", Map.of("rule", validRule("Victim rule " + tag)))),
                "rule", "rule_id");

        // a file on a message of the victim case, and its link; a second file for links signed for another id
        fileId = upload(port, "first.txt");
        fileUrl = lastFileUrl();
        fileOtherId = upload(port, "second.txt");
        return this;
    }

    /** A rule that is never active and could not match anything if it were. */
    Map<String, Object> validRule(String title) {
        return Map.of("title", title, "trigger", "changed_case", "active", false,
                "conditions_all", List.of(Map.of("field", "subject", "operator", "contains", "value",
                        "never-" + tag)),
                "conditions_any", List.of(),
                "actions", List.of(Map.of("type", "add_note", "content", "never written")));
    }

    JsonNode customerCase(String channel, String customId, String content) {
        return expect(201, admin.post("/api/cases.json", Map.of("case", Map.of("user_custom_id", customId,
                "channel", channel, "user_full_name", "Customer " + customId, "content", content)))).json().get("case");
    }

    /** Waits until the bot owns its case (its chat was dispatched to it). */
    void awaitBotOwnsCase(BadInputState state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (botOwns(state)) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("the bot never got case " + caseBot);
    }

    boolean botOwns(BadInputState state) {
        return state.query("SELECT bot_id FROM bot_chat WHERE case_id = ?", caseBot).stream()
                .anyMatch(row -> ((Number) row.get("bot_id")).longValue() == bot)
                && chatRuns(state, caseBot);
    }

    static boolean chatRuns(BadInputState state, long caseId) {
        return !state.query("SELECT id FROM chat WHERE case_id = ? AND ended_at IS NULL", caseId).isEmpty();
    }

    private JsonNode channel(String title, String webhook, long group) {
        return expect(201, admin.post("/api/custom_channels.json", Map.of("custom_channel", Map.of(
                "title", title + " " + tag, "channel_type", "sync", "webhook_url", webhook, "group_id", group))))
                .json().get("custom_channel");
    }

    private long upload(int port, String name) {
        Multipart form = Multipart.form().field("message[content]", "a file")
                .file("message[attachments][0]", name, "text/plain", BadInputPeers.FILE);
        byte[] body = form.bytes();
        try (BadInputHttp http = new BadInputHttp(port, 30_000)) {
            BadInputHttp.Response answer = http.send(new BadInputHttp.Request("POST",
                    "/api/cases/" + caseVictim + "/messages.json", List.of(new String[] {"Authorization",
                    basic(SwitchboardProcess.ADMIN_EMAIL, SwitchboardProcess.ADMIN_KEY)},
                    new String[] {"Content-Type", form.contentType()}), body, BadInputHttp.Framing.LENGTH));
            if (answer.status() != 201) {
                throw new IllegalStateException("upload -> " + answer.status() + " " + answer.text());
            }
            return answer.json().get("message").get("attachments").get(0).get("file_id").asLong();
        }
    }

    private String lastFileUrl() {
        DeskClient.Answer messages = expect(200, admin.get("/api/cases/" + caseVictim + "/messages.json?order=desc&limit=1"));
        JsonNode attachments = messages.json().get("0").get("message").get("attachments");
        return attachments.get(0).get("url").asText();
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static long id(DeskClient.Answer answer, String envelope, String field) {
        return answer.json().get(envelope).get(field).asLong();
    }

    static DeskClient.Answer expect(int status, DeskClient.Answer answer) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + ": " + answer.body());
        }
        return answer;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
