package dev.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.switchboard.support.Desk;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.WebhookReceiver.Reply;

/** Channel secrets and API keys never reach the log, even when something logs them. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutOfLogsTest extends SwitchboardTest {

    private static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    @Test
    void aChannelsSecretAndAStaffKeyAreNotLoggedThroughCreationDeliveryAndFailure(CapturedOutput output) {
        String path = RECEIVER.newPath();
        RECEIVER.behave(path, (p, body, attempt) -> Reply.of(attempt == 1 ? 500 : 200));
        Desk desk = new Desk(admin());
        JsonNode channel = desk.channel(RECEIVER.url(path), "json");
        String secret = channel.get("webhook_secret").asText();
        JsonNode staff = admin().post("/api/staff.json", java.util.Map.of("staff", java.util.Map.of(
                "staff_email", "logs-" + System.nanoTime() + "@test.local"))).json().get("staff");
        String apiKey = staff.get("api_key").asText();
        long caseId = desk.customerCase(channel.get("channel_api_key").asText(), "u-logs", "hi").get("case_id").asLong();
        desk.reply(caseId, "hello");
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.delivered(path).size() == 1);

        // even a careless log line with the secret in it is masked
        LoggerFactory.getLogger("test").info("careless: {\"webhook_secret\":\"{}\",\"api_key\":\"{}\"}", secret, apiKey);

        assertThat(output.getOut()).contains("careless").contains("SB-2003")
                .doesNotContain(secret).doesNotContain(apiKey);
    }
}
