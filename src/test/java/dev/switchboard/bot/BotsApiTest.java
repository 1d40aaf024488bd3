package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.BotApiClient;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/**
 * Configuring bots through the API: the token and signing secret are answered once, secrets never
 * appear again (nor a password in the webhook URL), each bot is its own bot staff member in its
 * groups, invalid input is refused with nothing created, and only administrators may do any of it.
 */
class BotsApiTest extends BotTest {

    @Test
    void aNewBotAnswersItsTokenAndSecretOnceAndIsItsOwnBotStaffMember() {
        BotDesk.Group group = desk.group();
        BotDesk.Group handoff = desk.group();
        String url = "http://platform:s3cr3t-pass@127.0.0.1:9/webim/events";
        DeskClient.Answer created = admin().post("/api/bots.json", Map.of("bot", Map.of("title", "Helper",
                "webhook_url", url, "group_ids", List.of(group.id()), "status", "invisible",
                "handoff_group_id", handoff.id())));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode bot = created.json().get("bot");
        String token = bot.get("token").asText();
        String secret = bot.get("webhook_secret").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(secret).hasSizeGreaterThanOrEqualTo(16);
        assertThat(bot.get("title").asText()).isEqualTo("Helper");
        assertThat(bot.get("webhook_url").asText()).isEqualTo("http://platform:***@127.0.0.1:9/webim/events");
        assertThat(bot.get("status").asText()).isEqualTo("invisible");
        assertThat(bot.get("group_ids")).extracting(JsonNode::asLong).containsExactly(group.id());
        assertThat(bot.get("handoff_group_id").asLong()).isEqualTo(handoff.id());
        assertThat(created.body()).doesNotContain("s3cr3t-pass");
        long id = bot.get("bot_id").asLong();
        long staffId = bot.get("staff_id").asLong();

        DeskClient.Answer one = admin().get("/api/bots/" + id + ".json");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().get("bot").has("token")).isFalse();
        assertThat(one.json().get("bot").has("webhook_secret")).isFalse();
        assertThat(one.json().get("bot").get("webhook_url").asText())
                .isEqualTo("http://platform:***@127.0.0.1:9/webim/events");
        assertThat(one.body()).doesNotContain(token, secret, "s3cr3t-pass");
        List<JsonNode> listed = desk.all("/api/bots.json", "bot");
        assertThat(listed).filteredOn(b -> b.get("bot_id").asLong() == id).singleElement()
                .satisfies(b -> assertThat(b.has("token") || b.has("webhook_secret")).isFalse());
        assertThat(listed.toString()).doesNotContain(token, secret, "s3cr3t-pass");

        JsonNode staff = admin().get("/api/staff/" + staffId + ".json").json().get("staff");
        assertThat(staff.get("bot").asBoolean()).isTrue();
        assertThat(staff.get("admin").asBoolean()).isFalse();
        assertThat(staff.get("staff_full_name").asText()).isEqualTo("Helper");
        assertThat(staff.get("group_ids")).extracting(JsonNode::asLong).containsExactly(group.id());
        assertThat(staff.get("status").asText()).as("an invisible bot takes chats").isEqualTo("online");
        assertThat(desk.all("/api/staff.json", "staff")).filteredOn(s -> s.get("staff_id").asLong() == staffId)
                .singleElement().satisfies(s -> {
                    assertThat(s.get("bot").asBoolean()).isTrue();
                    assertThat(s.get("group_ids")).extracting(JsonNode::asLong).containsExactly(group.id());
                });
    }

    @Test
    void changesApplyToTheBotAndItsStaffMemberAndSecretsAreOnlyAnsweredWhenRenewed() {
        BotDesk.Group first = desk.group();
        BotDesk.Group second = desk.group();
        ScriptedBot bot = desk.bot(first);

        DeskClient.Answer changed = admin().put("/api/bots/" + bot.id + ".json", Map.of("bot", Map.of(
                "title", "Renamed", "group_ids", List.of(second.id()), "status", "offline",
                "webhook_url", "https://user:other-pass@bots.example/hook")));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        JsonNode view = changed.json().get("bot");
        assertThat(view.get("title").asText()).isEqualTo("Renamed");
        assertThat(view.get("status").asText()).isEqualTo("offline");
        assertThat(view.get("group_ids")).extracting(JsonNode::asLong).containsExactly(second.id());
        assertThat(view.get("webhook_url").asText()).isEqualTo("https://user:***@bots.example/hook");
        assertThat(view.has("token") || view.has("webhook_secret")).isFalse();
        assertThat(changed.body()).doesNotContain("other-pass");
        JsonNode staff = admin().get("/api/staff/" + bot.staffId + ".json").json().get("staff");
        assertThat(staff.get("staff_full_name").asText()).isEqualTo("Renamed");
        assertThat(staff.get("status").asText()).isEqualTo("offline");
        assertThat(staff.get("group_ids")).extracting(JsonNode::asLong).containsExactly(second.id());

        DeskClient.Answer online = admin().put("/api/bots/" + bot.id + ".json", Map.of("bot", Map.of(
                "status", "online")));
        assertThat(online.json().get("bot").get("title").asText()).as("fields not sent stay").isEqualTo("Renamed");
        assertThat(admin().get("/api/staff/" + bot.staffId + ".json").json().get("staff").get("status").asText())
                .isEqualTo("online");
    }

    @Test
    void aRegeneratedTokenReplacesTheOldOne() {
        ScriptedBot bot = desk.bot(desk.group());
        Map<String, Object> someoneElsesChat = Map.of("chat_id", Long.MAX_VALUE,
                "message", Map.of("kind", "operator", "text", "hi"));
        // the old token was just used (and is kept a few seconds), yet stops working at once
        assertThat(bot.call("send_message", someoneElsesChat).status()).isEqualTo(403);
        DeskClient.Answer regenerated = admin().put("/api/bots/" + bot.id + ".json", Map.of("bot", Map.of(
                "regenerate_token", true)));
        assertThat(regenerated.status()).as(regenerated.body()).isEqualTo(200);
        String token = regenerated.json().get("bot").get("token").asText();
        assertThat(token).isNotBlank().isNotEqualTo(bot.token);
        assertThat(regenerated.json().get("bot").has("webhook_secret")).isFalse();

        assertThat(bot.call("send_message", someoneElsesChat).status()).isEqualTo(401);
        assertThat(new BotApiClient(admin().base(), token)
                .call("send_message", someoneElsesChat).status()).as("authenticated, not the bot's chat").isEqualTo(403);
    }

    @Test
    void eventsAreSignedWithTheRotatedSecretAndCarryTheUrlsCredentialsAsBasicAuth() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        String hook = peers.newPath();
        String url = peers.url(hook).replace("http://", "http://platform:p%40ss@");
        DeskClient.Answer created = admin().post("/api/bots.json", Map.of("bot", Map.of("title", "Signed",
                "webhook_url", url, "group_ids", List.of(group.id()))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("bot").get("bot_id").asLong();
        DeskClient.Answer rotated = admin().put("/api/bots/" + id + ".json", Map.of("bot", Map.of(
                "rotate_webhook_secret", true)));
        String secret = rotated.json().get("bot").get("webhook_secret").asText();
        assertThat(secret).isNotBlank().isNotEqualTo(created.json().get("bot").get("webhook_secret").asText());
        assertThat(rotated.json().get("bot").has("token")).isFalse();

        desk.customerWrites(channel, "Hello");

        WebhookReceiver.Hit hit = await().atMost(BotDesk.PATIENCE)
                .until(() -> peers.delivered(hook), h -> !h.isEmpty()).get(0);
        assertThat(hit.header("X-Switchboard-Signature"))
                .isEqualTo(Webhooks.expectedSignature(secret, hit.header("X-Switchboard-Timestamp"), hit.body()));
        assertThat(hit.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("platform:p@ss".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aUrlWithCredentialsKeepsItsEncodedPathAndQuery() throws Exception {
        BotDesk.Group group = desk.group();
        List<String> requested = new CopyOnWriteArrayList<>();
        HttpServer raw = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        raw.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requested.add(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery()
                    + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        raw.start();
        try {
            String url = "http://platform:secret@127.0.0.1:" + raw.getAddress().getPort()
                    + "/webim/a%2Fb%20c?sig=x%26y%3Dz&n=1";
            assertThat(admin().post("/api/bots.json", Map.of("bot", Map.of("title", "Encoded", "webhook_url", url,
                    "group_ids", List.of(group.id())))).status()).isEqualTo(201);

            desk.customerWrites(desk.channel(group), "Hello");

            await().atMost(BotDesk.PATIENCE).until(() -> !requested.isEmpty());
            assertThat(requested.get(0)).isEqualTo("/webim/a%2Fb%20c?sig=x%26y%3Dz&n=1 Basic "
                    + Base64.getEncoder().encodeToString("platform:secret".getBytes(StandardCharsets.UTF_8)));
        } finally {
            raw.stop(0);
        }
    }

    @Test
    void invalidBotsAreRefusedWithNothingCreated() {
        long bots = admin().get("/api/bots.json").json().get("total_count").asLong();
        long staff = admin().get("/api/staff.json").json().get("total_count").asLong();
        Map<String, Object> valid = Map.of("title", "Valid", "webhook_url", "https://bots.example/hook");

        refused(admin().raw("POST", "/api/bots.json", "application/json", "{\"bot\":{\"title\":"), "invalid_json");
        refused(admin().post("/api/bots.json", Map.of()), "missing_field");
        refused(admin().post("/api/bots.json", Map.of("bot", with(valid, "title", " "))), "missing_field");
        refused(admin().post("/api/bots.json", Map.of("bot", Map.of("title", "No URL"))), "missing_field");
        refused(admin().post("/api/bots.json", Map.of("bot", with(valid, "webhook_url", "ftp://bots.example/"))),
                "invalid_field");
        refused(admin().post("/api/bots.json", Map.of("bot", with(valid, "webhook_url", "not a url"))),
                "invalid_field");
        refused(admin().post("/api/bots.json", Map.of("bot", with(valid, "status", "busy"))), "invalid_field");
        refused(admin().post("/api/bots.json", Map.of("bot", with(valid, "group_ids", List.of(987654321)))),
                "group_not_found");
        refused(admin().post("/api/bots.json", Map.of("bot", with(valid, "handoff_group_id", 987654321))),
                "group_not_found");
        DeskClient.Answer withPassword = admin().post("/api/bots.json", Map.of("bot", with(valid, "webhook_url",
                "http://user:leak-me@bots.example:99999/")));
        refused(withPassword, "invalid_field");
        assertThat(withPassword.body()).doesNotContain("leak-me");

        assertThat(admin().get("/api/bots.json").json().get("total_count").asLong()).isEqualTo(bots);
        assertThat(admin().get("/api/staff.json").json().get("total_count").asLong()).isEqualTo(staff);
    }

    @Test
    void invalidChangesAreRefusedWithTheBotUnchanged() {
        ScriptedBot bot = desk.bot(desk.group());
        String before = admin().get("/api/bots/" + bot.id + ".json").body();

        refused(admin().put("/api/bots/" + bot.id + ".json", Map.of("bot", Map.of("status", "asleep"))),
                "invalid_field");
        refused(admin().put("/api/bots/" + bot.id + ".json", Map.of("bot", Map.of("title", ""))), "invalid_field");
        refused(admin().put("/api/bots/" + bot.id + ".json", Map.of("bot", Map.of("webhook_url", "mailto:x@y"))),
                "invalid_field");
        refused(admin().put("/api/bots/" + bot.id + ".json", Map.of("bot", Map.of("title", "Changed",
                "group_ids", List.of(987654321)))), "group_not_found");
        refused(admin().put("/api/bots/" + bot.id + ".json", Map.of()), "missing_field");

        assertThat(admin().get("/api/bots/" + bot.id + ".json").body()).isEqualTo(before);
        DeskClient.Answer missing = admin().put("/api/bots/987654321.json", Map.of("bot", Map.of("title", "x")));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("bot_not_found");
        assertThat(admin().get("/api/bots/987654321.json").status()).isEqualTo(404);
    }

    @Test
    void onlyAdministratorsSeeOrChangeBots() {
        BotDesk.Group group = desk.group();
        BotDesk.Person person = desk.person(group);
        ScriptedBot bot = desk.bot(group);
        DeskClient staff = admin().as(person.email(), person.apiKey());
        long bots = admin().get("/api/bots.json").json().get("total_count").asLong();
        Map<String, Object> create = Map.of("bot", Map.of("title", "Mine", "webhook_url", "https://bots.example/"));

        for (DeskClient.Answer answer : List.of(staff.get("/api/bots.json"), staff.get("/api/bots/" + bot.id + ".json"),
                staff.post("/api/bots.json", create),
                staff.put("/api/bots/" + bot.id + ".json", Map.of("bot", Map.of("regenerate_token", true))))) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(403);
            assertThat(answer.json().get("error").asText()).isEqualTo("staff_has_not_access");
            assertThat(answer.body()).doesNotContain("token\"");
        }
        for (DeskClient.Answer answer : List.of(admin().anonymous().get("/api/bots.json"),
                admin().anonymous().post("/api/bots.json", create))) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        }

        assertThat(admin().get("/api/bots.json").json().get("total_count").asLong()).isEqualTo(bots);
        assertThat(bot.call("send_message", Map.of("chat_id", Long.MAX_VALUE, "message",
                Map.of("kind", "operator", "text", "x"))).status()).as("the token is still the same").isEqualTo(403);
    }

    private static Map<String, Object> with(Map<String, Object> fields, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.put(name, value);
        return copy;
    }

    private static void refused(DeskClient.Answer answer, String error) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).as(answer.body()).isEqualTo(error);
        assertThat(answer.json().get("description").asText()).as(answer.body()).isNotBlank();
    }
}
