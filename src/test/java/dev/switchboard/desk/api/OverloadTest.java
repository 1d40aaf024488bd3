package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.channelCode;
import static dev.switchboard.desk.api.ApiFixtures.contents;
import static dev.switchboard.desk.api.ApiFixtures.customCase;
import static dev.switchboard.desk.api.ApiFixtures.postMessage;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;

/**
 * With more desk-API writes waiting for their commit than {@code switchboard.group-commit.max-waiting},
 * one more is answered 503 at once with Retry-After and a JSON error, and nothing of it is stored;
 * the ones waiting are stored once the lane moves again.
 */
@TestPropertySource(properties = "switchboard.group-commit.max-waiting=1")
class OverloadTest extends AppTest {

    /** An installation of its own: it runs beside the shared one, whose files it must not share. */
    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        Path data = newDataDir();
        registry.add("switchboard.data-dir", data::toString);
    }

    @Autowired
    private DataSource dataSource;

    @Test
    void aWriteBeyondTheWaitingLimitIsRefusedWith503AndNothingOfItIsStored() throws Exception {
        DeskClient api = admin();
        String customer = "c-" + uid();
        JsonNode deskCase = customCase(api, channelCode(api), customer);
        long caseId = deskCase.get("case_id").asLong();
        long userId = deskCase.get("user_id").asLong();
        CompletableFuture<Answer> held;
        CompletableFuture<Answer> second;
        CompletableFuture<Answer> third;
        try (CaseRowLock lock = CaseRowLock.hold(dataSource, caseId)) {
            // the case row locked elsewhere: the batch that writes to it waits, and so does the lane
            held = CompletableFuture.supplyAsync(() -> postMessage(api, caseId, userId, "held"));
            lock.awaitAWriteWaiting();

            second = CompletableFuture.supplyAsync(() -> postMessage(api, caseId, userId, "second"));
            third = CompletableFuture.supplyAsync(() -> postMessage(api, caseId, userId, "third"));
            await().until(() -> second.isDone() || third.isDone());
            Answer refused = (second.isDone() ? second : third).join();

            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.header("Content-Type")).startsWith("application/json");
            assertThat(refused.json().get("error").asText()).isEqualTo("overloaded");
            assertThat(refused.json().get("description").asText()).contains("nothing of this one was stored");
            assertThat(held).as("still waiting for the case row").isNotDone();
        }
        CompletableFuture<Answer> queued = second.isDone() && second.join().status() == 503 ? third : second;
        String refusedContent = queued == second ? "third" : "second";
        String queuedContent = queued == second ? "second" : "third";

        assertThat(held.get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(queued.get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(contents(api, caseId)).containsExactly("Hi from " + customer, "held", queuedContent)
                .doesNotContain(refusedContent);
    }
}
