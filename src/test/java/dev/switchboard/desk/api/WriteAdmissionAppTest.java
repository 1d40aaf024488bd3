package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.channelCode;
import static dev.switchboard.desk.api.ApiFixtures.contents;
import static dev.switchboard.desk.api.ApiFixtures.customCase;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.postMessage;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;

/**
 * With {@code switchboard.group-commit.max-in-progress} desk-API writes in progress, one more is
 * answered 503 at once, before it is authenticated, and nothing of it is stored; reads and the bot
 * API are not held back by it, and the write in progress is stored once it can be.
 */
@TestPropertySource(properties = "switchboard.group-commit.max-in-progress=1")
class WriteAdmissionAppTest extends AppTest {

    /** An installation of its own: it runs beside the shared one, whose files it must not share. */
    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        Path data = newDataDir();
        registry.add("switchboard.data-dir", data::toString);
    }

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aWriteBeyondTheBoundIsRefusedWith503BeforeAuthenticationAndNothingOfItIsStored() throws Exception {
        DeskClient api = admin();
        String customer = "c-" + uid();
        JsonNode deskCase = customCase(api, channelCode(api), customer);
        long caseId = deskCase.get("case_id").asLong();
        long userId = deskCase.get("user_id").asLong();
        CompletableFuture<Answer> held;
        try (CaseRowLock lock = CaseRowLock.hold(dataSource, caseId)) {
            // the case row locked elsewhere: the write to it stays in progress
            held = CompletableFuture.supplyAsync(() -> postMessage(api, caseId, userId, "held"));
            lock.awaitAWriteWaiting();

            Answer refused = postMessage(api, caseId, userId, "refused");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.header("Content-Type")).startsWith("application/json");
            assertThat(refused.json().get("error").asText()).isEqualTo("overloaded");
            assertThat(refused.json().get("description").asText()).contains("nothing of this one was read or stored");
            Answer newCase = api.post("/api/cases.json", obj("case", obj("user_custom_id", "c-" + uid(),
                    "channel", channelCode(api), "content", "refused too")));
            assertThat(newCase.status()).as(newCase.body()).isEqualTo(503);
            // refused before anyone looked at who sent it
            assertThat(postMessage(api.as("nobody@example.com", "wrong"), caseId, userId, "stranger").status())
                    .isEqualTo(503);

            assertThat(api.get("/api/cases/" + caseId + ".json").status()).isEqualTo(200);
            Answer bot = api.anonymous().raw("POST", "/api/bot/v2/send_message", "application/json", "{}");
            assertThat(bot.status()).as("the bot API's writes have a bound of their own").isEqualTo(401);
            assertThat(held).as("still waiting for the case row").isNotDone();
        }

        assertThat(held.get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(postMessage(api, caseId, userId, "after").status()).isEqualTo(201);
        assertThat(contents(api, caseId)).containsExactly("Hi from " + customer, "held", "after");
        Integer refusedNewCase = jdbc.queryForObject(
                "SELECT COUNT(*) FROM message WHERE content = 'refused too'", Integer.class);
        assertThat(refusedNewCase).isZero();
    }
}
