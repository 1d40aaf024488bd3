package dev.switchboard.desk.user;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.switchboard.desk.api.ApiException;

/** Checks and normalises emails and phone numbers the way identities are stored. */
public final class Contacts {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9]{5,20}$");

    private Contacts() {
    }

    /** The email in lower case, or null when blank; a malformed one is refused. */
    public static String email(String field, String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String value = email.trim().toLowerCase(Locale.ROOT);
        if (value.length() > 320 || !EMAIL.matcher(value).matches()) {
            throw ApiException.badRequest("incorrect_user_email", field + " is not a valid email address");
        }
        return value;
    }

    /** The phone as digits with an optional leading '+', or null when blank. */
    public static String phone(String field, String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String value = phone.trim().replaceAll("[\\s()\\-.]", "");
        if (!PHONE.matcher(value).matches()) {
            throw ApiException.badRequest("incorrect_user_phone", field + " is not a valid phone number");
        }
        return value;
    }
}
