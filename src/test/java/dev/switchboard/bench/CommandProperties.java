package dev.switchboard.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * What the commands (benchmark, crash test, soak, bad input) share in reading their settings:
 * {@code -D} system properties with a fallback, and a fresh run directory under the output folder.
 */
final class CommandProperties {

    private CommandProperties() {
    }

    /** The property, trimmed; the fallback when it is unset or blank. */
    static String get(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A list separated by white space (JVM options). */
    static List<String> words(String name) {
        return Arrays.stream(get(name, "").split("\\s+")).filter(s -> !s.isBlank()).toList();
    }

    /** A fresh directory for one run: {@code <out>/<timestamp>}. */
    static Path runDirectory(Path out) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        return out.toAbsolutePath().resolve(stamp);
    }
}
