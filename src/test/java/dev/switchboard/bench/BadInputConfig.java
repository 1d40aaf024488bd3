package dev.switchboard.bench;

import static dev.switchboard.bench.CommandProperties.get;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one bad-input run does, from {@code badinput.*} system properties (the Maven profile
 * {@code -Pbadinput} passes them through).
 *
 * @param requests   requests in total (about: shared among the endpoints by weight, at least a few each)
 * @param seed       seed of the generator; the same seed gives the same requests against the same fixtures
 * @param endpoints  only endpoints whose name matches this regular expression ({@code .*}: all)
 * @param postgres   Switchboard on the {@code postgres} profile against a real PostgreSQL
 * @param jvmOpts    JVM options of the Switchboard process
 * @param timeoutMs  how long one request may wait for its answer before it counts as unanswered
 * @param out        where the run's directory is created
 */
record BadInputConfig(int requests, long seed, Pattern endpoints, boolean postgres, List<String> jvmOpts,
        int timeoutMs, Path out) {

    static BadInputConfig fromSystemProperties() {
        String seed = get("badinput.seed", "");
        return new BadInputConfig(
                Integer.parseInt(get("badinput.requests", "3000")),
                seed.isEmpty() ? new java.security.SecureRandom().nextLong() & Long.MAX_VALUE : Long.parseLong(seed),
                Pattern.compile(get("badinput.endpoints", ".*")),
                Boolean.parseBoolean(get("badinput.postgres", "false")),
                CommandProperties.words("badinput.jvm-opts"),
                Integer.parseInt(get("badinput.timeout-ms", "30000")),
                Path.of(get("badinput.out", "target/badinput")));
    }

    /** A fresh directory for this run: {@code <out>/<timestamp>}. */
    Path newRunDirectory() {
        return CommandProperties.runDirectory(out);
    }

}
