package dev.switchboard.desk.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads list filters the way Omnidesk clients send them: {@code status[]=open&status[]=waiting},
 * PHP's {@code status[0]=open&status[1]=waiting}, {@code status=open}, or {@code status=open,waiting}.
 */
public final class QueryFilters {

    private QueryFilters() {
    }

    public static List<String> strings(HttpServletRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (var parameter : request.getParameterMap().entrySet()) {
            String key = parameter.getKey();
            if (!key.equals(name) && !(key.startsWith(name + "[") && key.substring(name.length()).matches("\\[\\d*]"))) {
                continue;
            }
            for (String value : parameter.getValue()) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        values.add(part.trim());
                    }
                }
            }
        }
        return values;
    }

    public static List<Long> ids(HttpServletRequest request, String name) {
        List<Long> ids = new ArrayList<>();
        for (String value : strings(request, name)) {
            try {
                ids.add(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw ApiException.invalidField(name, "must hold numeric ids, got '" + value + "'");
            }
        }
        return ids;
    }

    public static String single(HttpServletRequest request, String name) {
        List<String> values = strings(request, name);
        return values.isEmpty() ? null : values.get(0);
    }
}
