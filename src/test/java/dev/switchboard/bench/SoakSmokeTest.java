package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The soak, ten seconds at a low rate with everything it does (idle closure, returning customers,
 * files, Bot Framework messages, a receiver outage, the time rule), so the command cannot rot. Only
 * that the report exists and nothing was lost, doubled or reordered is asserted — never a figure or
 * a trend (ten seconds say nothing about either).
 */
class SoakSmokeTest {

    @Test
    void aShortSoakReportsEveryMessageAnsweredOnceAndInOrder() throws Exception {
        SoakConfig config = new SoakConfig(Duration.ofSeconds(10), 5, 1, Duration.ofSeconds(2), 2, 4,
                Duration.ofMillis(100), Duration.ofMillis(500), 0.3, 0.1, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofSeconds(2), Duration.ofSeconds(30), 2048, false, "gc",
                List.of("-Xmx512m"), false, true, Path.of("target", "soak-smoke"));

        Soak.Result result = new Soak(config).run();

        assertThat(result.report()).exists();
        assertThat(result.chart()).exists();
        JsonNode report = Benchmark.JSON.readTree(result.report().toFile());
        JsonNode counts = report.get("counts");
        assertThat(counts.get("accepted").asLong()).isPositive();
        assertThat(counts.get("answered").asLong()).isEqualTo(counts.get("accepted").asLong());
        assertThat(counts.get("lost").asLong()).isZero();
        assertThat(counts.get("duplicates_by_delivery_id").asLong()).isZero();
        assertThat(counts.get("answered_twice_by_different_deliveries").asLong()).isZero();
        assertThat(counts.get("order_violations").asLong()).isZero();
        for (JsonNode check : report.get("stored_check")) {
            assertThat(check.get("accepted_but_not_stored").asLong()).as(check.toString()).isZero();
            assertThat(check.get("stored_more_than_once").asLong()).as(check.toString()).isZero();
        }
        assertThat(report.get("samples_count").asInt()).isPositive();
    }
}
