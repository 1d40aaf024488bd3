package dev.switchboard.desk.cases;

import java.util.Collection;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.group.GroupRepository;
import dev.switchboard.desk.label.LabelRepository;
import dev.switchboard.desk.staff.Staff;
import dev.switchboard.desk.staff.StaffRepository;

/** Checks the ids and values a case request refers to, with the error each client expects. */
@Component
public class CaseReferences {

    private final StaffRepository staff;
    private final GroupRepository groups;
    private final LabelRepository labels;

    public CaseReferences(StaffRepository staff, GroupRepository groups, LabelRepository labels) {
        this.staff = staff;
        this.groups = groups;
        this.labels = labels;
    }

    public DeskCase find(String reference, CaseRepository cases) {
        long id = CaseNumbers.parse(reference).orElseThrow(() -> caseNotFound(reference));
        return cases.findById(id).orElseThrow(() -> caseNotFound(reference));
    }

    public static ApiException caseNotFound(String reference) {
        return ApiException.notFound("case_not_found", "no case with id or number " + reference);
    }

    /** An assignee: null or 0 means nobody; otherwise an active staff member. */
    public Long assignee(String field, Long staffId) {
        if (staffId == null || staffId == 0) {
            return null;
        }
        Staff member = staff.findById(staffId).orElseThrow(() ->
                ApiException.badRequest("staff_not_found", field + ": no staff member " + staffId));
        if (!member.active()) {
            throw ApiException.badRequest("staff_not_active", field + ": staff member " + staffId + " is deactivated");
        }
        return staffId;
    }

    /** A group: null or 0 means none. */
    public Long group(String field, Long groupId) {
        if (groupId == null || groupId == 0) {
            return null;
        }
        if (!groups.missing(List.of(groupId)).isEmpty()) {
            throw ApiException.badRequest("group_not_found", field + ": no group " + groupId);
        }
        return groupId;
    }

    public List<Long> labels(String field, Collection<Long> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.stream().anyMatch(java.util.Objects::isNull)) {
            throw ApiException.invalidField(field, "must hold label ids");
        }
        List<Long> distinct = ApiException.distinctIds(field, ids);
        List<Long> missing = labels.missing(distinct);
        if (!missing.isEmpty()) {
            throw ApiException.badRequest("label_not_found", field + ": no label " + missing.get(0));
        }
        return distinct;
    }

    public static String status(String field, String status) {
        if (status != null && !CaseStatus.STATUSES.contains(status)) {
            throw ApiException.invalidField(field, "must be one of " + CaseStatus.STATUSES);
        }
        return status;
    }

    public static String priority(String field, String priority) {
        if (priority != null && !CaseStatus.PRIORITIES.contains(priority)) {
            throw ApiException.invalidField(field, "must be one of " + CaseStatus.PRIORITIES);
        }
        return priority;
    }
}
