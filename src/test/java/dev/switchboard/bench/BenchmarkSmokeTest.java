package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The benchmark, a few seconds at a low rate, so the command cannot rot. Only that it ran to the
 * end and nothing was lost, doubled or reordered is asserted — never a figure.
 */
class BenchmarkSmokeTest {

    @Test
    void aShortRunReportsEveryMessageAnsweredOnceAndInOrder() throws Exception {
        BenchConfig config = new BenchConfig(new LinkedHashSet<>(BenchConfig.ALL_PHASES),
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), List.of(10), 8, 3, List.of(4), 4, Duration.ofSeconds(60), false, false,
                List.of("-Xmx512m"), true, Path.of("target", "bench-smoke"));

        Benchmark.Result result = new Benchmark(config).run();

        assertThat(result.report()).exists();
        assertThat(result.chart()).exists();
        assertThat(Files.size(result.chart())).isPositive();
        assertThat(result.problems()).isEmpty();
        JsonNode report = Benchmark.JSON.readTree(result.report().toFile());
        JsonNode counts = report.get("counts");
        assertThat(counts.get("accepted").asLong()).isPositive();
        assertThat(counts.get("answered").asLong()).isEqualTo(counts.get("accepted").asLong());
        assertThat(counts.get("lost").asLong()).isZero();
        assertThat(counts.get("duplicates_by_delivery_id").asLong()).isZero();
        assertThat(counts.get("order_violations").asLong()).isZero();
        assertThat(report.get("ingestion_desk_api").get("accepted").asLong()).isPositive();
        assertThat(report.get("ingestion_bot_framework").get("accepted").asLong()).isPositive();
        for (JsonNode check : report.get("stored_check")) {
            assertThat(check.get("accepted_but_not_stored").asLong()).as(check.toString()).isZero();
            assertThat(check.get("stored_more_than_once").asLong()).as(check.toString()).isZero();
        }
        assertThat(report.get("switchboard").get("peak_rss_mb").asDouble()).isPositive();
        assertThat(report.path("machine_limits").path("broker_messages_per_s").size()).isEqualTo(3);
        assertThat(Map.of("fixed_rates", report.get("fixed_rates").size(), "saturation", report.get("saturation").size()))
                .containsEntry("fixed_rates", 1).containsEntry("saturation", 1);
    }
}
