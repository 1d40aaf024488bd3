package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.channelCode;
import static dev.switchboard.desk.api.ApiFixtures.customCase;
import static dev.switchboard.desk.api.ApiFixtures.items;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

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
        try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement()) {
            lock.setAutoCommit(false);
            statement.executeUpdate("UPDATE desk_case SET id = id WHERE id = " + caseId);

            Answer busy = post(api, caseId, userId, "while locked");

            assertThat(busy.status()).as(busy.body()).isEqualTo(503);
            assertThat(busy.header("Retry-After")).isEqualTo("5");
            assertThat(busy.header("Content-Type")).startsWith("application/json");
            assertThat(busy.json().get("error").asText()).isEqualTo("unavailable");
            assertThat(busy.json().get("description").asText()).contains("nothing of it was stored");
            lock.rollback();
        }

        assertThat(post(api, caseId, userId, "again").status()).isEqualTo(201);
        List<String> stored = items(api.get("/api/cases/" + caseId + "/messages.json").json(), "message").stream()
                .map(m -> m.get("content").asText()).toList();
        assertThat(stored).containsExactly("Hi from " + customer, "again");
    }

    private static Answer post(DeskClient api, long caseId, long userId, String content) {
        return api.post("/api/cases/" + caseId + "/messages.json", obj("message", obj("content", content,
                "user_id", userId)));
    }
}
