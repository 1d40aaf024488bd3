package dev.switchboard.desk.user;

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
        return new Profile(blank(userFullName), blank(companyName), blank(companyPosition));
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
