package dev.switchboard.bench;

import static dev.switchboard.bench.CommandProperties.get;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one benchmark run does, from {@code bench.*} system properties (the Maven profile passes
 * them through): durations like {@code 60s}, {@code 500ms}, {@code 2m}; lists comma-separated.
 *
 * @param phases        which parts run: {@code limits}, {@code saturation}, {@code rates},
 *                      {@code ingest-api}, {@code ingest-bf}
 * @param duration      length of the saturation phase
 * @param rateDuration  length of each fixed-rate phase
 * @param ingestDuration length of each ingestion phase
 * @param warmup        closed-loop traffic before the measured phases, not reported: at least this long,
 *                      then until the round trips per second stop growing (see {@link WarmUp}) — a
 *                      Spring and Camel application on 2 cores keeps its JIT compiler busy for minutes
 * @param warmupMax     the longest warm-up, warm or not (the report says which)
 * @param ingestWarmup  traffic of each ingestion phase's own kind before it is measured, not reported:
 *                      its path (the Bot Framework endpoint, the inbound consumers) is not the round
 *                      trip's and would otherwise be measured while the JIT compiles it
 * @param limitDuration length of each machine-limit measurement
 * @param rates         offered round trips per second of the fixed-rate phases
 * @param conversations conversations kept going at once (each writes {@code messages} messages)
 * @param messages      customer messages per conversation
 * @param inFlight      round trips in flight at saturation (closed loop); several values: one phase each
 * @param ingestInFlight requests in flight in the ingestion phases
 * @param drain         how long a phase waits for the answers still on their way before the next starts
 * @param postgres      Switchboard on the {@code postgres} profile against a real PostgreSQL
 * @param jfr           record a JFR profile of the Switchboard process
 * @param jvmOpts       JVM options of the Switchboard process (none: the JVM's defaults)
 * @param verifyStored  after the load, check through the API that every accepted message is stored once
 * @param out           where the run's directory is created
 */
record BenchConfig(Set<String> phases, Duration duration, Duration rateDuration, Duration ingestDuration,
        Duration warmup, Duration warmupMax, Duration ingestWarmup, Duration limitDuration, List<Integer> rates, int conversations, int messages,
        List<Integer> inFlight, int ingestInFlight, Duration drain, boolean postgres, boolean jfr,
        List<String> jvmOpts, boolean verifyStored, Path out) {

    static final List<String> ALL_PHASES = List.of("limits", "saturation", "rates", "ingest-api", "ingest-bf");

    static BenchConfig fromSystemProperties() {
        return new BenchConfig(
                new LinkedHashSet<>(list("bench.phases", String.join(",", ALL_PHASES))),
                duration("bench.duration", "60s"),
                duration("bench.rate-duration", "30s"),
                duration("bench.ingest-duration", "30s"),
                duration("bench.warmup", "6m"),
                duration("bench.warmup-max", "15m"),
                duration("bench.ingest-warmup", "20s"),
                duration("bench.limit-duration", "10s"),
                list("bench.rates", "100,200,300,1000").stream().map(Integer::parseInt).toList(),
                Integer.parseInt(get("bench.conversations", "200")),
                Integer.parseInt(get("bench.messages", "5")),
                list("bench.inflight", "64").stream().map(Integer::parseInt).toList(),
                Integer.parseInt(get("bench.ingest-inflight", "32")),
                duration("bench.drain", "30s"),
                Boolean.parseBoolean(get("bench.postgres", "false")),
                Boolean.parseBoolean(get("bench.jfr", "false")),
                list("bench.jvm-opts", "").stream().flatMap(s -> Arrays.stream(s.trim().split("\\s+")))
                        .filter(s -> !s.isBlank()).toList(),
                Boolean.parseBoolean(get("bench.verify-stored", "true")),
                Path.of(get("bench.out", "target/bench")));
    }

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    /** A fresh directory for this run: {@code <out>/<timestamp>}. */
    Path newRunDirectory() {
        return CommandProperties.runDirectory(out);
    }


    private static List<String> list(String name, String fallback) {
        String value = get(name, fallback);
        return value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static Duration duration(String name, String fallback) {
        return parseDuration(get(name, fallback));
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
        }
        if (t.endsWith("h")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 3_600_000));
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }
}
