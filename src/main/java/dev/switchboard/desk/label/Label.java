package dev.switchboard.desk.label;

import java.time.OffsetDateTime;

/** A label that marks cases (for example "on bot" in the bot hand-off). */
public record Label(long id, String title, OffsetDateTime createdAt) {
}
