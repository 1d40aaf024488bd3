package dev.switchboard.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After}: delay-seconds or an HTTP date. */
public final class RetryAfter {

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
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
