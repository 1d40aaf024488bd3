package dev.switchboard.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After}: delay-seconds or an HTTP date, at most a day ahead. */
public final class RetryAfter {

    /** Longer asks are read as this: the delivery budget decides beyond it. */
    static final Duration LONGEST = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** The wait asked for, or null when the header is absent or unreadable. */
    public static Duration parse(Object header, Clock clock) {
        if (header == null) {
            return null;
        }
        String value = header.toString().trim();
        if (value.isEmpty()) {
            return null;
        }
        if (value.chars().allMatch(Character::isDigit)) {
            return value.length() > 9 ? LONGEST : bounded(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : bounded(wait);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration bounded(Duration wait) {
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
