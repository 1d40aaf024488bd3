package dev.switchboard.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQL for id filters where 0 means "none" ({@code staff_id[]=0&staff_id[]=5}: unassigned or staff 5). */
public final class IdFilters {

    private IdFilters() {
    }

    /** The condition on {@code column} (named parameter {@code name}), or null when {@code ids} is empty. */
    public static String noneOr(String column, String name, List<Long> ids, Map<String, Object> params) {
        if (ids.isEmpty()) {
            return null;
        }
        List<Long> real = ids.stream().filter(id -> id != 0).toList();
        List<String> any = new ArrayList<>();
        if (real.size() < ids.size()) {
            any.add(column + " IS NULL");
        }
        if (!real.isEmpty()) {
            any.add(column + " IN (:" + name + ")");
            params.put(name, real);
        }
        return "(" + String.join(" OR ", any) + ")";
    }
}
