package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.AppTest;
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

    @Test
    void theSeed001SetUpWorksAsWritten() throws Exception {
        Matcher block = SEED_001.matcher(Files.readString(Path.of("README.md")));
        assertThat(block.find()).as("README.md has the seed 001 block").isTrue();
        Map<String, String> properties = new HashMap<>();
        properties.put("switchboard.data-dir", AppTest.newDataDir().toString());
        properties.put("switchboard.admin.email", "admin@example.com");
        properties.put("switchboard.admin.api-key", "KEY");
        try (WebhookReceiver receiver = new WebhookReceiver(); TestApp app = TestApp.start(properties)) {
            String botHook = "/webhook/omnidesk";
            String script = "set -e\n" + block.group(1)
                    .replace("http://localhost:8080", "http://127.0.0.1:" + app.port())
                    .replace("https://bots.example/webhook/omnidesk", receiver.url(botHook));
            Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
            assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.exitValue()).as(output).isZero();
            assertThat(output).doesNotContain("\"error\"").contains("\"rule_id\":1").contains("\"rule_id\":2");

            var admin = app.admin().as("admin@example.com", "KEY");
            var created = admin.post("/api/cases.json", Map.of("case", Map.of("user_email", "ann@example.com",
                    "content", "Hello bot"))).json().get("case");
            assertThat(created.get("status").asText()).isEqualTo("waiting");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered(botHook).size() == 1);
            JsonNode event = Webhooks.json(receiver.delivered(botHook).get(0));
            assertThat(event.get("message").get("text").asText()).isEqualTo("Hello bot");
            assertThat(event.get("visitor").get("fields").get("email").asText()).isEqualTo("ann@example.com");
            assertThat(event.get("chat_id").asText()).isEqualTo(created.get("case_id").asText());
        }
    }
}
