package dev.switchboard.desk.user;

import dev.switchboard.desk.api.Fields;

/** {@code {"user":{...}}} of {@code POST /api/users.json} and {@code PUT /api/users/{id}.json}. */
public record UserFields(
        String userEmail,
        String userPhone,
        String userCustomId,
        String userCustomChannel,
        String userFullName,
        String companyName,
        String companyPosition) {

    Profile profile() {
        return new Profile(Fields.atMost("user.user_full_name", blank(userFullName), Fields.NAME),
                Fields.atMost("user.company_name", blank(companyName), Fields.NAME),
                Fields.atMost("user.company_position", blank(companyPosition), Fields.NAME));
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
