package dev.switchboard.rules;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing a rule does: {@code {"type":"set_status","status":"waiting"}}. Which fields a type uses
 * is listed in {@link RuleActions}. Staff, groups and labels may be named ({@code staff_email},
 * {@code group_title}, {@code labels}) when a rule is saved; they are stored as ids.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Action(
        String type,
        Long staffId,
        String staffEmail,
        Long groupId,
        String groupTitle,
        String status,
        String priority,
        List<Long> labelIds,
        List<String> labels,
        String content,
        String method,
        String url,
        Map<String, String> headers,
        String contentType,
        String body) {

    public Action resolved(Long staff, Long group, List<Long> labelIdList) {
        return new Action(type, staff, null, group, null, status, priority, labelIdList, null, content, method, url,
                headers, contentType, body);
    }
}
