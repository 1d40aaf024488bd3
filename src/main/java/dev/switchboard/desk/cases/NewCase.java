package dev.switchboard.desk.cases;

import java.util.List;
import java.util.Map;

/** {@code POST /api/cases.json} {@code {"case":{...}}}: a customer's new request. */
public record NewCase(
        Long userId,
        String userEmail,
        String userPhone,
        String userCustomId,
        String channel,
        String userFullName,
        String companyName,
        String companyPosition,
        String subject,
        String content,
        String contentHtml,
        String status,
        String priority,
        Long staffId,
        Long groupId,
        List<Long> labels,
        Map<String, Object> customFields,
        List<String> attachmentUrls) {
}
