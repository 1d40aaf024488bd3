package dev.switchboard.desk.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/** Splits {@code application/x-www-form-urlencoded} text into decoded name/value pairs, in order. */
final class FormPairs {

    private FormPairs() {
    }

    static void each(String form, BiConsumer<String, String> pair) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String part : form.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            pair.accept(decode(eq < 0 ? part : part.substring(0, eq)), eq < 0 ? "" : decode(part.substring(eq + 1)));
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
