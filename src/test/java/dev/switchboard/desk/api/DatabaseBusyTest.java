package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.channelCode;
import static dev.switchboard.desk.api.ApiFixtures.contents;
import static dev.switchboard.desk.api.ApiFixtures.customCase;
import static dev.switchboard.desk.api.ApiFixtures.postMessage;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;

/**
 * A write whose rows stay locked elsewhere past the database's lock timeout is answered 503
 * {@code unavailable} with Retry-After, not 500, and nothing of it is stored; sent again once the
 * lock is gone, it is stored.
 */
class DatabaseBusyTest extends AppTest {

    /** An installation of its own, whose database gives up waiting for a lock after 300 ms. */
    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        Path data = newDataDir();
        registry.add("switchboard.data-dir", data::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + data + "/db/switchboard;WRITE_DELAY=0;"
                + "DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=300");
    }

    @Autowired
    private DataSource dataSource;

    @Test
    void aWriteThatCannotGetItsLockInTimeIsAnswered503AndNothingOfItIsStored() throws Exception {
        DeskClient api = admin();
        String customer = "c-" + uid();
        JsonNode deskCase = customCase(api, channelCode(api), customer);
        long caseId = deskCase.get("case_id").asLong();
        long userId = deskCase.get("user_id").asLong();
        try (CaseRowLock lock = CaseRowLock.hold(dataSource, caseId)) {
            Answer busy = postMessage(api, caseId, userId, "while locked");

            assertThat(busy.status()).as(busy.body()).isEqualTo(503);
            assertThat(busy.header("Retry-After")).isEqualTo("5");
            assertThat(busy.header("Content-Type")).startsWith("application/json");
            assertThat(busy.json().get("error").asText()).isEqualTo("unavailable");
            assertThat(busy.json().get("description").asText()).contains("nothing of it was stored");
        }

        assertThat(postMessage(api, caseId, userId, "again").status()).isEqualTo(201);
        assertThat(contents(api, caseId)).containsExactly("Hi from " + customer, "again");
    }
}
