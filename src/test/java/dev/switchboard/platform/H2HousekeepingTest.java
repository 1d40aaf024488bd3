package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.switchboard.support.SwitchboardTest;

/**
 * The embedded file database is compacted by Switchboard's own route, since H2 runs no
 * background writer with WRITE_DELAY=0.
 */
class H2HousekeepingTest extends SwitchboardTest {

    @Autowired
    private H2Housekeeping housekeeping;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private CamelContext camel;

    @Test
    void theRouteRunsOnTheEmbeddedDatabase() {
        assertThat(camel.getRoute("h2-housekeeping")).isNotNull();
    }

    /**
     * Every commit writes a chunk; those left holding a few live pages are rewritten by the route
     * once they are older than H2's retention time (45 s; shortened here, so the test need not wait
     * that long), and their space is given back.
     */
    @Test
    void chunksLeftMostlyDeadByManySmallCommitsAreRewritten() throws Exception {
        jdbc.execute("SET RETENTION_TIME 500");
        try {
            jdbc.execute("CREATE TABLE housekeeping_probe (id INT PRIMARY KEY, payload VARCHAR(2000))");
            jdbc.update("INSERT INTO housekeeping_probe VALUES (1, '')");
            // each update is its own commit (auto-commit), so each writes a chunk
            for (int i = 0; i < 3_000; i++) {
                jdbc.update("UPDATE housekeeping_probe SET payload = ? WHERE id = 1", Integer.toString(i).repeat(200));
            }

            assertThat(housekeeping.chunksFillRate()).as("live share of the chunks").isLessThan(H2Housekeeping.TARGET_FILL_RATE);

            // the route, every second, brings it back to the target
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(housekeeping::chunksFillRate, rate -> rate >= H2Housekeeping.TARGET_FILL_RATE);
            // and the holes the rewritten chunks left are filled by moving chunks into them
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(housekeeping::fileFillRate, rate -> rate >= H2Housekeeping.TARGET_FILL_RATE);
        } finally {
            jdbc.execute("DROP TABLE IF EXISTS housekeeping_probe");
            jdbc.execute("SET RETENTION_TIME 45000");
        }
    }
}
