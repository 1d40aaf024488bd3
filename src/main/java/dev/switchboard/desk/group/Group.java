package dev.switchboard.desk.group;

import java.time.OffsetDateTime;

/** A group of staff (a department): cases can be routed to it; {@code key} names it for bots (dep_key). */
public record Group(long id, String key, String title, String fromName, String signature, boolean active,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
