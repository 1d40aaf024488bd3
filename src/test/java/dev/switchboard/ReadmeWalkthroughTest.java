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

    private static final Pattern WALKTHROUGH = Pattern.compile(
            "<!-- walkthrough:start -->\\s*```bash\\n(.*?)```\\s*<!-- walkthrough:end -->", Pattern.DOTALL);

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
}
