package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.rules.BotPlatform;
import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.TestApp;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/**
 * A newcomer follows only the README: the walkthrough's commands run as written (with curl),
 * against a fresh installation on the default administrator, and the signed webhook arrives.
 */
class ReadmeWalkthroughTest {

    private static final Pattern WALKTHROUGH = block("walkthrough");
    private static final Pattern SEED_001 = block("seed001");
    private static final Pattern SEED_001_BOT = block("seed001-bot");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static Pattern block(String name) {
        return Pattern.compile("<!-- " + name + ":start -->\\s*```bash\\n(.*?)```\\s*<!-- " + name + ":end -->",
                Pattern.DOTALL);
    }

    @Test
    void theWalkthroughWorksAsWritten() throws Exception {
        Matcher block = WALKTHROUGH.matcher(Files.readString(Path.of("README.md")));
        assertThat(block.find()).as("README.md has the walkthrough block").isTrue();
        Map<String, String> properties = new HashMap<>();
        properties.put("switchboard.data-dir", AppTest.newDataDir().toString());
        properties.put("switchboard.admin.email", "");
        properties.put("switchboard.admin.api-key", "");
        try (WebhookReceiver receiver = new WebhookReceiver(); TestApp app = TestApp.start(properties)) {
            String path = "/switchboard";
            String script = "set -e\n" + block.group(1)
                    .replace("http://localhost:8080", "http://127.0.0.1:" + app.port())
                    .replace("http://127.0.0.1:9000/switchboard", receiver.url(path));
            Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
            assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.exitValue()).as(output).isZero();
            assertThat(output).contains("\"channel_api_key\":\"cch1\"").contains("\"case_id\":1")
                    .contains("\"user_id\":1").doesNotContain("\"error\"");

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered(path).size() == 1);
            WebhookReceiver.Hit hit = receiver.delivered(path).get(0);
            JsonNode object = Webhooks.json(hit).get("object");
            assertThat(object.get("custom_user_id").asText()).isEqualTo("app-user-17");
            assertThat(object.get("content").asText()).isEqualTo("Sorry Anna, it ships today.");
            Matcher secret = Pattern.compile("\"webhook_secret\":\"([0-9a-f]+)\"").matcher(output);
            assertThat(secret.find()).isTrue();
            assertThat(hit.header("X-Switchboard-Signature")).isEqualTo(Webhooks.expectedSignature(
                    secret.group(1), hit.header("X-Switchboard-Timestamp"), hit.body()));
            // the customer's own answer (step 4) is stored, not echoed to the channel
            JsonNode messages = app.admin().as("admin@switchboard.local", "switchboard-local-admin-key")
                    .get("/api/cases/1/messages.json").json();
            assertThat(messages.get("total_count").asInt()).isEqualTo(3);
            assertThat(messages.get("2").get("message").get("content").asText()).isEqualTo("Thank you!");
            assertThat(receiver.hits(path)).hasSize(1);
        }
    }

    /**
     * Seed 001 as the README sets it up, end to end: the set-up block as written, a custom channel's
     * customer writes twice, the scripted bot checks both webhooks and runs the README's bot block
     * (answer, files, hand-off), Anna answers from her active chats, and the channel hears the bot
     * and Anna in order; the customer's next message goes to Anna's chat and not to the bot.
     */
    @Test
    void theSeed001SetUpWorksAsWritten() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher setUp = SEED_001.matcher(readme);
        assertThat(setUp.find()).as("README.md has the seed 001 block").isTrue();
        Matcher botSide = SEED_001_BOT.matcher(readme);
        assertThat(botSide.find()).as("README.md has the seed 001 bot block").isTrue();
        Map<String, String> properties = new HashMap<>();
        properties.put("switchboard.data-dir", AppTest.newDataDir().toString());
        properties.put("switchboard.admin.email", "admin@example.com");
        properties.put("switchboard.admin.api-key", "KEY");
        try (BotPlatform platform = new BotPlatform(); WebhookReceiver channelHooks = new WebhookReceiver();
                TestApp app = TestApp.start(properties)) {
            String botHook = BotPlatform.WEBHOOK_PATH;
            String output = bash(setUp.group(1)
                    .replace("http://localhost:8080", "http://127.0.0.1:" + app.port())
                    .replace("https://bots.example/webhook/omnidesk", platform.webhookUrl(botHook)), null);
            assertThat(output).doesNotContain("\"error\"").contains("label on bot: 1")
                    .contains("\"rule_id\":1").contains("\"rule_id\":2").contains("\"rule_id\":3");
            Matcher keys = Pattern.compile("\"api_key\":\"([^\"]+)\"").matcher(output);
            assertThat(keys.find()).isTrue();
            String botKey = keys.group(1);
            assertThat(keys.find()).isTrue();
            DeskClient admin = app.admin().as("admin@example.com", "KEY");
            DeskClient anna = admin.as("anna@example.com", keys.group(1));
            long annaId = staffId(admin, "anna@example.com");
            long botId = staffId(admin, "bot@platform.example");

            // a custom channel, and its customer writes: the bot gets the seed's JSON
            String channelHook = "/channel";
            DeskClient.Answer channel = admin.post("/api/custom_channels.json", Map.of("custom_channel", Map.of(
                    "title", "Shop chat", "channel_type", "sync", "webhook_url", channelHooks.url(channelHook))));
            assertThat(channel.status()).as(channel.body()).isEqualTo(201);
            JsonNode created = admin.post("/api/cases.json", Map.of("case", Map.of("user_custom_id", "shop-user-5",
                    "channel", "cch1", "user_full_name", "Boris", "user_email", "boris@example.com",
                    "content", "Where is my order?"))).json().get("case");
            assertThat(created.get("case_id").asLong()).isEqualTo(1);
            assertThat(created.get("staff_id").asLong()).isEqualTo(botId);
            assertThat(await().atMost(PATIENCE).until(() -> platform.received(botHook), got -> got.size() == 1).get(0))
                    .isEqualTo(seedWebhook(created, "Where is my order?", "boris@example.com", "Boris"));
            assertThat(admin.post("/api/cases/1/messages.json", Map.of("message", Map.of("content",
                    "Can I talk to a person?", "user_id", created.get("user_id").asLong()))).status()).isEqualTo(201);
            assertThat(await().atMost(PATIENCE).until(() -> platform.received(botHook), got -> got.size() == 2).get(1))
                    .isEqualTo(seedWebhook(created, "Can I talk to a person?", "boris@example.com", "Boris"));

            // the bot answers, sends files and hands off: the README's bot block
            byte[] invoice = "%PDF-1.7 invoice of order 42".getBytes(StandardCharsets.US_ASCII);
            byte[] manual = "the manual, 3 pages".getBytes(StandardCharsets.US_ASCII);
            Path work = Files.createTempDirectory("seed001-bot-");
            Files.write(work.resolve("invoice.pdf"), invoice);
            String botOutput = bash(botSide.group(1)
                    .replace("BOT_API_KEY", botKey)
                    .replace("http://localhost:8080", "http://127.0.0.1:" + app.port())
                    .replace("https://bots.example/files/manual.pdf", platform.host("manual.pdf", manual)), work);
            assertThat(botOutput).doesNotContain("\"error\"");

            JsonNode handedOff = admin.get("/api/cases/1.json").json().get("case");
            assertThat(handedOff.get("staff_id").asLong()).isEqualTo(annaId);
            assertThat(handedOff.get("labels")).isEmpty();
            assertThat(handedOff.get("chat_state").asText()).isEqualTo("active");
            JsonNode annasChats = anna.get("/api/chats.json?staff_id=" + annaId).json();
            assertThat(annasChats.get("total_count").asInt()).isEqualTo(1);
            assertThat(annasChats.get("0").get("chat").get("case_id").asLong()).isEqualTo(1);
            assertThat(anna.post("/api/cases/1/messages.json", Map.of("message",
                    Map.of("content", "Hi Boris, Anna here. Your parcel is on its way.")))
                    .status()).isEqualTo(201);

            List<JsonNode> heard = await().atMost(PATIENCE).until(() -> channelHooks.delivered(channelHook),
                    hits -> hits.size() == 4).stream().map(hit -> Webhooks.json(hit).get("object")).toList();
            assertThat(heard).extracting(m -> m.get("content").asText()).containsExactly(
                    "Hello Boris! Track your parcel at https://track.example/42", "Your invoice", "The manual",
                    "Hi Boris, Anna here. Your parcel is on its way.");
            assertThat(heard).extracting(m -> m.get("staff_id").asLong())
                    .containsExactly(botId, botId, botId, annaId);
            assertThat(heard.get(1).get("attachments").get(0).get("file_name").asText()).isEqualTo("invoice.pdf");
            assertThat(BotPlatform.download(heard.get(1).get("attachments").get(0).get("url").asText()).content())
                    .isEqualTo(invoice);
            assertThat(heard.get(2).get("attachments").get(0).get("file_name").asText()).isEqualTo("manual.pdf");
            assertThat(BotPlatform.download(heard.get(2).get("attachments").get(0).get("url").asText()).content())
                    .isEqualTo(manual);

            // the customer answers Anna: it counts in her chat, and no rule sends it to the bot
            int firings = admin.get("/api/cases/1/rule_firings.json").json().get("total_count").asInt();
            assertThat(admin.post("/api/cases/1/messages.json", Map.of("message", Map.of("content",
                    "Thank you, Anna!", "user_id", created.get("user_id").asLong()))).status()).isEqualTo(201);
            await().atMost(PATIENCE).until(() -> admin.get("/api/cases/1.json").json().get("case").get("chat")
                    .get("customer_messages").asInt() == 1);
            assertThat(admin.get("/api/cases/1/rule_firings.json").json().get("total_count").asInt())
                    .isEqualTo(firings);
            assertThat(admin.get("/api/cases/1.json").json().get("case").get("staff_id").asLong()).isEqualTo(annaId);
            assertThat(platform.hits(botHook)).hasSize(2);
        }
    }

    /** Runs a README block with bash ({@code set -e}), in {@code directory} if given; answers its output. */
    private static String bash(String block, Path directory) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -e\n" + block).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process bash = builder.start();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(output).isZero();
        return output;
    }

    private static long staffId(DeskClient admin, String email) {
        for (JsonNode item : admin.get("/api/staff.json").json()) {
            if (item.has("staff") && item.get("staff").get("staff_email").asText().equals(email)) {
                return item.get("staff").get("staff_id").asLong();
            }
        }
        throw new AssertionError("no staff member " + email);
    }

    /** Seed 001's webhook for a customer's text, as the README's rule body renders it. */
    private static JsonNode seedWebhook(JsonNode deskCase, String text, String email, String name) {
        String userId = deskCase.get("user_id").asText();
        return DeskClient.JSON.valueToTree(Map.of(
                "event", "new_message",
                "message", Map.of("kind", "text", "text", text),
                "visitor", Map.of("id", userId, "fields", Map.of("email", email, "login", userId, "name", name,
                        "phone", "")),
                "chat_id", deskCase.get("case_id").asText()));
    }
}
