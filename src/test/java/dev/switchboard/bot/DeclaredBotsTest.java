package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.BotApiClient;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.TestApp;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/**
 * A bot declared in configuration ({@code switchboard.bot-api.bots.<key>.*}) exists from the first
 * start, with its groups (created by key), its own bot staff member, the configured token and
 * signing secret; a second start on the same data changes nothing. The installation has no
 * administrator configured: the default one is still created on the first start, though the
 * declared bot brings a staff member of its own.
 */
class DeclaredBotsTest {

    private static final String TOKEN = "declared-helper-token-0123456789-abcdefgh";
    private static final String SECRET = "declared-helper-secret-0123456789";

    @Test
    void aDeclaredBotIsCreatedOnTheFirstStartAndLeftAsItIsByTheNext() {
        try (WebhookReceiver peers = new WebhookReceiver()) {
            String hook = peers.newPath();
            String support = "support-" + BotDesk.uid();
            Map<String, String> installation = new HashMap<>(TestApp.onData(AppTest.newDataDir()));
            installation.put("switchboard.admin.email", "");
            installation.put("switchboard.admin.api-key", "");
            installation.put("switchboard.bot-api.bots.helper.title", "Helper bot");
            installation.put("switchboard.bot-api.bots.helper.webhook-url", peers.url(hook));
            installation.put("switchboard.bot-api.bots.helper.token", TOKEN);
            installation.put("switchboard.bot-api.bots.helper.webhook-secret", SECRET);
            installation.put("switchboard.bot-api.bots.helper.groups[0]", support);
            installation.put("switchboard.bot-api.bots.helper.handoff-group", "people");

            String bots;
            String staff;
            String groups;
            try (TestApp app = TestApp.start(installation)) {
                DeskClient admin = defaultAdmin(app);
                BotDesk desk = new BotDesk(admin, peers);
                JsonNode bot = single(admin, "/api/bots.json", "bot");
                assertThat(bot.get("bot_key").asText()).isEqualTo("helper");
                assertThat(bot.get("title").asText()).isEqualTo("Helper bot");
                assertThat(bot.get("status").asText()).isEqualTo("online");
                assertThat(bot.has("token") || bot.has("webhook_secret")).isFalse();
                long supportId = groupId(admin, support);
                assertThat(bot.get("group_ids")).extracting(JsonNode::asLong).containsExactly(supportId);
                assertThat(bot.get("handoff_group_id").asLong()).isEqualTo(groupId(admin, "people"));
                long staffId = bot.get("staff_id").asLong();
                JsonNode member = admin.get("/api/staff/" + staffId + ".json").json().get("staff");
                assertThat(member.get("bot").asBoolean()).isTrue();
                assertThat(member.get("staff_full_name").asText()).isEqualTo("Helper bot");
                assertThat(member.get("group_ids")).extracting(JsonNode::asLong).containsExactly(supportId);

                // it works with what was configured: it takes the group's chat, signed with the
                // configured secret, and acts with the configured token
                BotDesk.Channel channel = desk.channel(new BotDesk.Group(supportId, support));
                BotDesk.Chat chat = desk.customerWrites(channel, "Hello helper");
                WebhookReceiver.Hit hit = await().atMost(BotDesk.PATIENCE)
                        .until(() -> peers.delivered(hook), h -> !h.isEmpty()).get(0);
                assertThat(Webhooks.json(hit).get("chat").get("id").asLong()).isEqualTo(chat.caseId());
                assertThat(hit.header("X-Switchboard-Signature")).isEqualTo(
                        Webhooks.expectedSignature(SECRET, hit.header("X-Switchboard-Timestamp"), hit.body()));
                DeskClient.Answer sent = new BotApiClient(admin.base(), TOKEN).call("send_message", Map.of(
                        "chat_id", chat.caseId(), "message", Map.of("kind", "operator", "text", "Hi from config")));
                assertThat(sent.status()).as(sent.body()).isEqualTo(200);

                bots = admin.get("/api/bots.json").body();
                staff = admin.get("/api/staff/" + staffId + ".json").body();
                groups = admin.get("/api/groups.json").body();
            }

            try (TestApp app = TestApp.start(installation)) {
                DeskClient admin = defaultAdmin(app);
                assertThat(admin.get("/api/bots.json").body()).isEqualTo(bots);
                long staffId = single(admin, "/api/bots.json", "bot").get("staff_id").asLong();
                assertThat(admin.get("/api/staff/" + staffId + ".json").body()).isEqualTo(staff);
                assertThat(admin.get("/api/groups.json").body()).isEqualTo(groups);
                assertThat(new BotApiClient(admin.base(), TOKEN).call("close_chat", Map.of("chat_id", 987654321L))
                        .status()).as("the token still opens the bot API").isEqualTo(403);
            }
        }
    }

    @Test
    void anInvalidDeclaredBotStopsTheStartNamingIt() {
        Map<String, String> installation = new HashMap<>(TestApp.onData(AppTest.newDataDir()));
        installation.put("switchboard.bot-api.bots.broken.webhook-url", "https://bots.example/hook");
        installation.put("switchboard.bot-api.bots.broken.token", "too-short");
        installation.put("switchboard.bot-api.bots.broken.webhook-secret", SECRET);

        assertThatThrownBy(() -> TestApp.start(installation).close())
                .hasStackTraceContaining("switchboard.bot-api.bots.broken.token");
    }

    /** The administrator a first start creates when none is configured (README). */
    private static DeskClient defaultAdmin(TestApp app) {
        DeskClient admin = new DeskClient("http://127.0.0.1:" + app.port(), "admin@switchboard.local",
                "switchboard-local-admin-key");
        DeskClient.Answer me = admin.get("/api/bots.json");
        assertThat(me.status()).as("the default administrator exists: " + me.body()).isEqualTo(200);
        return admin;
    }

    private static JsonNode single(DeskClient admin, String path, String kind) {
        List<JsonNode> items = BotDesk.items(admin.get(path).json(), kind);
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static long groupId(DeskClient admin, String key) {
        return BotDesk.items(admin.get("/api/groups.json").json(), "group").stream()
                .filter(g -> g.get("group_key").asText().equals(key)).findFirst().orElseThrow()
                .get("group_id").asLong();
    }
}
