package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import dev.switchboard.support.SwitchboardTest;

/**
 * The embedded file database is forced to the disk and compacted by Switchboard's own route, since
 * H2 runs no background writer with WRITE_DELAY=0.
 */
class H2HousekeepingTest extends SwitchboardTest {

    @Autowired
    private H2Housekeeping housekeeping;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private CamelContext camel;

    @Autowired
    private MeterRegistry meters;

    @Test
    void theRoutesRunOnTheEmbeddedDatabase() {
        assertThat(camel.getRoute("h2-housekeeping")).isNotNull();
        assertThat(camel.getRoute("h2-sync")).isNotNull();
    }

    /**
     * Once the sync route has forced the file to the disk, a dead chunk's space is reused after 5 s,
     * not H2's 45 s; stopped, the route puts H2's back, since nothing forces the file then.
     */
    @Test
    void deadChunksAreKeptShorterOnlyWhileTheRouteForcesTheFile() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(housekeeping::retentionTime, ms -> ms == 5_000);

        camel.getRouteController().stopRoute("h2-sync");
        try {
            assertThat(housekeeping.retentionTime()).isEqualTo(H2Housekeeping.H2_RETENTION_TIME);
        } finally {
            camel.getRouteController().startRoute("h2-sync");
        }
        await().atMost(Duration.ofSeconds(30)).until(housekeeping::retentionTime, ms -> ms == 5_000);
    }

    /** Operators see the file, how much of it is live, and how long the syncs take. */
    @Test
    void theFileAndItsSyncsAreMetrics() {
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("switchboard.h2.file.size").gauge().value() > 0
                && meters.get("switchboard.h2.sync").timer().count() > 0);
        assertThat(meters.get("switchboard.h2.chunks.live").gauge().value()).isBetween(0.0, 100.0);
        assertThat(meters.get("switchboard.h2.file.in.use").gauge().value()).isBetween(0.0, 100.0);
    }

    @Test
    void aRetentionTimeTheSyncCannotCoverIsRefused() {
        assertThatThrownBy(() -> new H2Housekeeping(null, "jdbc:h2:file:./x", DataSize.ofMegabytes(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3), new SimpleMeterRegistry()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.h2.retention-time (PT3S) must be at least twice"
                        + " switchboard.h2.sync-interval (PT2S)");
    }

    /**
     * Every commit writes a chunk; those left holding a few live pages are rewritten by the route
     * once they are older than the retention time (5 s while the route forces the file), and their
     * space is given back.
     */
    @Test
    void chunksLeftMostlyDeadByManySmallCommitsAreRewritten() throws Exception {
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
        }
    }
}
