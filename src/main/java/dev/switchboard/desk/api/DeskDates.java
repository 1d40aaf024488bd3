package dev.switchboard.desk.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Dates as Omnidesk writes them: {@code "Mon, 05 May 2014 00:15:17 +0300"}. */
@Component
public class DeskDates {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private final ZoneId zone;

    public DeskDates(@Value("${switchboard.api.time-zone:UTC}") String zone) {
        this.zone = ZoneId.of(zone);
    }

    /** The API's text of a date, or "-" where Omnidesk writes a missing date that way. */
    public String format(OffsetDateTime time) {
        return time == null ? "-" : FORMAT.format(time.atZoneSameInstant(zone));
    }

    /**
     * Reads a date filter: unix seconds, an ISO date or date-time, or the API's own format.
     * Returns null for null or blank input.
     */
    public OffsetDateTime parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.trim();
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(value)).atOffset(ZoneOffset.UTC);
            }
            if (value.length() == 10 && value.charAt(4) == '-') {
                return LocalDate.parse(value).atStartOfDay(zone).toOffsetDateTime();
            }
            if (value.length() > 10 && value.charAt(4) == '-') {
                return OffsetDateTime.parse(value);
            }
            return OffsetDateTime.parse(value, FORMAT);
        } catch (DateTimeException | NumberFormatException e) {
            throw ApiException.invalidField(field,
                    "must be unix seconds, an ISO date (2024-05-01) or a date like 'Mon, 05 May 2014 00:15:17 +0300'");
        }
    }
}
