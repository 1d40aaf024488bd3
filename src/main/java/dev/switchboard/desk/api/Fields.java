package dev.switchboard.desk.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Length limits of text fields, checked before they reach a column that would refuse them. */
public final class Fields {

    public static final int NAME = 200;
    public static final int SUBJECT = 1000;
    public static final int IDENTITY = 320;

    private Fields() {
    }

    /** The value, refused with a 400 naming the field when longer than {@code max}. */
    public static String atMost(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ApiException.invalidField(field, "must be at most " + max + " characters");
        }
        return value;
    }

    /** An absolute http(s) URL of at most 2000 characters (a webhook), trimmed; null when blank. */
    public static String httpUrl(String field, String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getPort() > 65535
                    || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw ApiException.invalidField(field, "must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw ApiException.invalidField(field, "is not a valid URL");
        }
        return atMost(field, url.trim(), 2000);
    }
}
