package dev.switchboard.channel.custom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * PHP-style form encoding of nested values: {@code object[case_id]=1&object[attachments][0][url]=...},
 * the way receivers written for Omnidesk's form-encoded webhook read it.
 */
final class FormEncoding {

    private FormEncoding() {
    }

    static String encode(Map<?, ?> values) {
        StringJoiner form = new StringJoiner("&");
        values.forEach((key, value) -> add(form, key.toString(), value));
        return form.toString();
    }

    private static void add(StringJoiner form, String name, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, inner) -> add(form, name + "[" + key + "]", inner));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                add(form, name + "[" + i + "]", list.get(i));
            }
        } else {
            form.add(encode(name) + "=" + encode(value == null ? "" : value.toString()));
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
