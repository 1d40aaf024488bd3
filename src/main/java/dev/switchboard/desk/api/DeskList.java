package dev.switchboard.desk.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Omnidesk's list format: an object keyed "0", "1", ... each holding one wrapped object,
 * plus "total_count".
 */
public final class DeskList {

    private DeskList() {
    }

    public static Map<String, Object> of(String wrapper, List<?> items, long totalCount) {
        Map<String, Object> list = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            list.put(Integer.toString(i), Map.of(wrapper, items.get(i)));
        }
        list.put("total_count", totalCount);
        return list;
    }
}
