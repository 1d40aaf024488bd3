package dev.switchboard.desk.staff;

import java.util.List;

/**
 * {@code {"staff":{...}}} of {@code POST /api/staff.json} and {@code PUT /api/staff/{id}.json}.
 * {@code admin}, {@code bot}, {@code active} and {@code group_ids} are for administrators;
 * {@code regenerate_api_key} answers a new key once.
 */
public record StaffFields(
        String staffEmail,
        String staffFullName,
        String staffSignature,
        String status,
        Boolean active,
        Boolean admin,
        Boolean bot,
        List<Long> groupIds,
        Boolean regenerateApiKey) {
}
