package dev.switchboard.desk.staff;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.Fields;
import dev.switchboard.desk.group.GroupRepository;
import dev.switchboard.desk.user.Contacts;
import dev.switchboard.security.ApiKeyEncoder;
import dev.switchboard.security.StaffPrincipal;

/**
 * Staff management. Administrators create staff and change anything; staff change their own
 * name, signature, status and API key. A generated API key is shown once, in the answer.
 */
@Service
public class StaffService {

    private static final List<String> STATUSES = List.of(Staff.ONLINE, Staff.OFFLINE);

    private final StaffRepository staff;
    private final GroupRepository groups;
    private final PasswordEncoder encoder;
    private final Clock clock;

    public StaffService(StaffRepository staff, GroupRepository groups, PasswordEncoder encoder, Clock clock) {
        this.staff = staff;
        this.groups = groups;
        this.encoder = encoder;
        this.clock = clock;
    }

    /** A staff member and, when one was generated in this call, the API key. */
    public record WithKey(Staff staff, String apiKey) {
    }

    public Staff get(long id) {
        return staff.findById(id).orElseThrow(() -> ApiException.notFound("staff_not_found", "no staff member " + id));
    }

    @Transactional
    public WithKey create(StaffFields fields, StaffPrincipal by) {
        by.requireAdmin("create staff");
        if (fields == null) {
            throw ApiException.missingField("staff");
        }
        String email = Contacts.email("staff.staff_email", fields.staffEmail());
        if (email == null) {
            throw ApiException.missingField("staff.staff_email");
        }
        String name = blank(fields.staffFullName()) != null
                ? Fields.atMost("staff.staff_full_name", fields.staffFullName().trim(), Fields.NAME) : email;
        String status = status(fields.status());
        List<Long> groupIds = groupIds(fields.groupIds());
        String apiKey = ApiKeyEncoder.newKey();
        long id;
        try {
            id = staff.insert(email, name, blank(fields.staffSignature()), encoder.encode(apiKey),
                    Boolean.TRUE.equals(fields.admin()), Boolean.TRUE.equals(fields.bot()),
                    status == null ? Staff.OFFLINE : status, now());
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("email_already_exist", "a staff member with email " + email + " exists");
        }
        staff.setGroups(id, groupIds);
        return new WithKey(get(id), apiKey);
    }

    @Transactional
    public WithKey update(long id, StaffFields fields, StaffPrincipal by) {
        if (fields == null) {
            throw ApiException.missingField("staff");
        }
        Staff current = get(id);
        boolean self = by.staffId() == id;
        boolean adminOnly = fields.staffEmail() != null || fields.active() != null || fields.admin() != null
                || fields.bot() != null || fields.groupIds() != null;
        if (!by.admin() && (!self || adminOnly)) {
            throw ApiException.forbidden("staff_has_not_access", self
                    ? "only administrators may change email, active, admin, bot or groups"
                    : "only administrators may change other staff members");
        }
        if (self && (Boolean.FALSE.equals(fields.active()) || Boolean.FALSE.equals(fields.admin()))) {
            throw ApiException.badRequest("invalid_field", "administrators cannot deactivate or demote themselves");
        }
        String email = fields.staffEmail() == null ? current.email() : Contacts.email("staff.staff_email",
                fields.staffEmail());
        if (email == null) {
            throw ApiException.invalidField("staff.staff_email", "must not be empty");
        }
        String name = fields.staffFullName() == null ? current.fullName()
                : Fields.atMost("staff.staff_full_name", fields.staffFullName().trim(), Fields.NAME);
        if (name.isEmpty()) {
            throw ApiException.invalidField("staff.staff_full_name", "must not be empty");
        }
        String status = fields.status() == null ? current.status() : status(fields.status());
        Staff changed = new Staff(id, email, name,
                fields.staffSignature() == null ? current.signature() : blank(fields.staffSignature()),
                Objects.requireNonNullElse(fields.admin(), current.admin()),
                Objects.requireNonNullElse(fields.bot(), current.bot()),
                Objects.requireNonNullElse(fields.active(), current.active()), status, current.groupIds(),
                current.createdAt(), current.updatedAt());
        OffsetDateTime now = now();
        try {
            staff.update(changed, now);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("email_already_exist", "a staff member with email " + email + " exists");
        }
        if (fields.groupIds() != null) {
            staff.setGroups(id, groupIds(fields.groupIds()));
        }
        String apiKey = null;
        if (Boolean.TRUE.equals(fields.regenerateApiKey())) {
            apiKey = ApiKeyEncoder.newKey();
            staff.updateApiKey(id, encoder.encode(apiKey), now);
        }
        return new WithKey(get(id), apiKey);
    }

    public List<Staff> list(long offset, int limit) {
        return staff.list(offset, limit);
    }

    public long count() {
        return staff.count();
    }

    private List<Long> groupIds(List<Long> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.stream().anyMatch(Objects::isNull)) {
            throw ApiException.invalidField("staff.group_ids", "must hold group ids");
        }
        List<Long> distinct = ApiException.distinctIds("staff.group_ids", ids);
        List<Long> missing = groups.missing(distinct);
        if (!missing.isEmpty()) {
            throw ApiException.badRequest("group_not_found", "staff.group_ids: no group " + missing.get(0));
        }
        return distinct;
    }

    private static String status(String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalidField("staff.status", "must be one of " + STATUSES);
        }
        return status;
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
