package dev.switchboard.bench;

import static dev.switchboard.bench.CommandProperties.get;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one crash test run does, from {@code crash.*} system properties (the Maven profile
 * {@code crash} passes them through); durations like {@code 2m}, {@code 30s}, {@code 500ms}.
 *
 * @param kills         how many times Switchboard is killed with SIGKILL (and started again)
 * @param duration      how long the load runs, downtime included; the kills fall at random moments in it
 * @param minUptime     a kill comes at least this long after the process was up again (some load in between)
 * @param rate          customer messages offered per second (open loop; while Switchboard is unreachable the
 *                      due messages are skipped and counted)
 * @param conversations conversations going at once (each has one message on its way at a time)
 * @param messages      customer messages per conversation
 * @param drain         after the load: how long to wait without any progress before the checks give up waiting
 * @param seed          of the random kill moments (0: a fresh one, printed in the report)
 * @param postgres      Switchboard on the {@code postgres} profile against a durable PostgreSQL
 * @param jvmOpts       JVM options of the Switchboard process
 * @param out           where the run's directory is created
 */
record CrashConfig(int kills, Duration duration, Duration minUptime, int rate, int conversations, int messages,
        Duration drain, long seed, boolean postgres, List<String> jvmOpts, Path out) {

    static CrashConfig fromSystemProperties() {
        return new CrashConfig(
                Integer.parseInt(get("crash.kills", "3")),
                BenchConfig.parseDuration(get("crash.duration", "2m")),
                BenchConfig.parseDuration(get("crash.min-uptime", "5s")),
                Integer.parseInt(get("crash.rate", "50")),
                Integer.parseInt(get("crash.conversations", "100")),
                Integer.parseInt(get("crash.messages", "20")),
                BenchConfig.parseDuration(get("crash.drain", "60s")),
                Long.parseLong(get("crash.seed", "0")),
                Boolean.parseBoolean(get("crash.postgres", "false")),
                CommandProperties.words("crash.jvm-opts"),
                Path.of(get("crash.out", "target/crash")));
    }

    /** A fresh directory for this run: {@code <out>/<timestamp>}. */
    Path newRunDirectory() {
        return CommandProperties.runDirectory(out);
    }

    Map<String, Object> toMap(long seedUsed) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kills", kills);
        map.put("duration_s", duration.toMillis() / 1000.0);
        map.put("min_uptime_s", minUptime.toMillis() / 1000.0);
        map.put("rate_per_s", rate);
        map.put("conversations", conversations);
        map.put("messages_per_conversation", messages);
        map.put("drain_s", drain.toMillis() / 1000.0);
        map.put("seed", seedUsed);
        map.put("postgres", postgres);
        map.put("jvm_options", jvmOpts);
        return map;
    }

}
