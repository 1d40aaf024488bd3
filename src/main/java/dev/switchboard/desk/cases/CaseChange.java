package dev.switchboard.desk.cases;

import java.util.List;

/** {@code PUT /api/cases/{id}.json} {@code {"case":{...}}}; null fields stay as they are. */
public record CaseChange(
        String subject,
        String status,
        String priority,
        Long staffId,
        Long groupId,
        List<Long> addLabels,
        List<Long> deleteLabels) {
}
