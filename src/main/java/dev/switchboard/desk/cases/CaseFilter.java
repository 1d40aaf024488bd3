package dev.switchboard.desk.cases;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Filters of the case list. Empty lists mean "any"; a 0 in staffIds or groupIds means
 * "unassigned" / "no group", as in Omnidesk. Cases whose live chat is still active are left out
 * unless {@code showActiveChats}; {@code chatStates} ("active", "ended", "none") narrows further.
 */
public record CaseFilter(
        List<String> statuses,
        List<String> channels,
        List<Long> userIds,
        List<String> userEmails,
        List<Long> staffIds,
        List<Long> groupIds,
        List<Long> labels,
        String userCustomId,
        OffsetDateTime from,
        OffsetDateTime to,
        String sort,
        boolean showActiveChats,
        List<String> chatStates) {

    public static final List<String> CHAT_STATES = List.of("active", "ended", "none");

    public static final List<String> SORTS =
            List.of("created_at_desc", "created_at_asc", "updated_at_desc", "updated_at_asc");
}
