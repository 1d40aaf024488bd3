package dev.switchboard.desk.user;

import java.time.OffsetDateTime;

/** Filters of the user list; null means "any". */
public record UserFilter(String email, String phone, String customId, String customChannel,
        OffsetDateTime from, OffsetDateTime to) {
}
