package dev.switchboard.bench;

import static dev.switchboard.bench.CommandProperties.get;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one soak run does, from {@code soak.*} system properties (the Maven profile {@code soak}
 * passes them through); durations as in {@link BenchConfig#parseDuration} ({@code 30m}, {@code 10s}).
 *
 * @param duration       length of the load
 * @param rate           bot round trips offered per second (customer messages on the custom channel, open loop)
 * @param bfRate         customer messages per second through the Bot Framework endpoint (0: none)
 * @param sampleInterval time between two resource samples (each forces a full GC in Switchboard)
 * @param minMessages    fewest customer messages of a conversation
 * @param maxMessages    most customer messages of a conversation
 * @param thinkMin       shortest wait of a customer after an answer before writing again
 * @param thinkMax       longest such wait
 * @param returnShare    share of conversations that go silent until their chat ends and then write again in the same case
 * @param attachmentShare share of later customer messages that carry a file (multipart upload)
 * @param idleTimeout    the channel's chat_idle_timeout (and the Bot Framework bot's idle timeout)
 * @param idleScan       period of the idle scan (switchboard.chats.idle-scan-cron: a divisor of 60 s)
 * @param timeRuleAfter  after_seconds of the time rule (labels cases closed this long)
 * @param outageEvery    the channel's receiver goes down this often (0: never)
 * @param outageLength   for this long each time (answers 503, every other time with Retry-After)
 * @param drain          how long the end waits without progress for answers still on their way
 * @param dbBudget       kilobytes the database may grow per 1,000 accepted messages in the last third
 * @param postgres       Switchboard on the {@code postgres} profile against a real PostgreSQL
 * @param heapMode       {@code gc}: heap used right after a full GC requested through Jolokia at each sample;
 *                       {@code lastgc}: the heap after the JVM's own latest GC (LastGcInfo), nothing forced
 * @param jvmOpts        JVM options of the Switchboard process
 * @param judgeTrends    whether growth fails the run (the smoke test only checks that nothing was lost)
 * @param verifyStored   read back through the API that every accepted message is stored once
 * @param out            where the run's directory is created
 */
record SoakConfig(Duration duration, int rate, int bfRate, Duration sampleInterval, int minMessages, int maxMessages,
        Duration thinkMin, Duration thinkMax, double returnShare, double attachmentShare, Duration idleTimeout,
        Duration idleScan, Duration timeRuleAfter, Duration outageEvery, Duration outageLength, Duration drain,
        double dbBudget, boolean postgres, String heapMode, List<String> jvmOpts, boolean judgeTrends, boolean verifyStored, Path out) {

    SoakConfig {
        if (rate <= 0 || bfRate < 0 || minMessages < 1 || maxMessages < minMessages) {
            throw new IllegalArgumentException("soak.rate > 0, soak.bf-rate >= 0, 1 <= soak.min-messages <= soak.max-messages");
        }
        long scan = idleScan.toSeconds();
        if (scan < 1 || scan > 60 || 60 % scan != 0 || idleScan.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("soak.idle-scan must be whole seconds dividing a minute: " + idleScan);
        }
        if (idleTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("soak.idle-timeout: at least 1 s (chat_idle_timeout is in seconds)");
        }
        if (!heapMode.equals("gc") && !heapMode.equals("lastgc")) {
            throw new IllegalArgumentException("soak.heap is gc or lastgc: " + heapMode);
        }
    }

    static SoakConfig fromSystemProperties() {
        return new SoakConfig(
                duration("soak.duration", "30m"),
                Integer.parseInt(get("soak.rate", "30")),
                Integer.parseInt(get("soak.bf-rate", "2")),
                duration("soak.sample-interval", "15s"),
                Integer.parseInt(get("soak.min-messages", "2")),
                Integer.parseInt(get("soak.max-messages", "6")),
                duration("soak.think-min", "200ms"),
                duration("soak.think-max", "2s"),
                Double.parseDouble(get("soak.return-share", "0.25")),
                Double.parseDouble(get("soak.attachment-share", "0.02")),
                duration("soak.idle-timeout", "10s"),
                duration("soak.idle-scan", "2s"),
                duration("soak.time-rule-after", "20s"),
                duration("soak.outage-every", "3m"),
                duration("soak.outage-length", "5s"),
                duration("soak.drain", "60s"),
                Double.parseDouble(get("soak.db-budget", "2048")),
                Boolean.parseBoolean(get("soak.postgres", "false")),
                get("soak.heap", "gc"),
                CommandProperties.words("soak.jvm-opts"),
                Boolean.parseBoolean(get("soak.judge-trends", "true")),
                Boolean.parseBoolean(get("soak.verify-stored", "true")),
                Path.of(get("soak.out", "target/soak")));
    }

    /** The idle scan as a Quartz cron: every {@link #idleScan} seconds. */
    String idleScanCron() {
        return "0/" + idleScan.toSeconds() + " * * * * ?";
    }

    /** A fresh directory for this run: {@code <out>/<timestamp>}. */
    Path newRunDirectory() {
        return CommandProperties.runDirectory(out);
    }


    private static Duration duration(String name, String fallback) {
        return BenchConfig.parseDuration(get(name, fallback));
    }
}
