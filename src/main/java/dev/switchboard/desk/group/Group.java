package dev.switchboard.desk.group;

import java.time.OffsetDateTime;

/** A group of staff (a department): cases can be routed to it. */
public record Group(long id, String title, String fromName, String signature, boolean active,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
