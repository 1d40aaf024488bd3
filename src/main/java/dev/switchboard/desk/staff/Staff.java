package dev.switchboard.desk.staff;

import java.time.OffsetDateTime;
import java.util.List;

/** A staff member: a person or a bot answering cases. */
public record Staff(
        long id,
        String email,
        String fullName,
        String signature,
        boolean admin,
        boolean bot,
        boolean active,
        String status,
        List<Long> groupIds,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    public Staff withGroups(List<Long> groups) {
        return new Staff(id, email, fullName, signature, admin, bot, active, status, groups, createdAt, updatedAt);
    }
}
