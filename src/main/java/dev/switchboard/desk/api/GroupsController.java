package dev.switchboard.desk.api;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.desk.group.Group;
import dev.switchboard.desk.group.GroupRepository;
import dev.switchboard.security.StaffPrincipal;

/** Groups of staff. Creating and changing them is for administrators. */
@RestController
@Tag(name = "Groups", description = "Groups (departments) of staff")
public class GroupsController {

    /** {@code group_key} (extension): the name bots use for the group (Webim's dep_key); "" removes it. */
    public record GroupFields(String groupTitle, String groupFromName, String groupSignature, String groupKey,
            Boolean active) {
    }

    public record GroupEnvelope(GroupFields group) {
    }

    private final GroupRepository groups;
    private final DeskViews views;
    private final Clock clock;

    public GroupsController(GroupRepository groups, DeskViews views, Clock clock) {
        this.groups = groups;
        this.views = views;
        this.clock = clock;
    }

    @GetMapping("/api/groups.json")
    @Operation(summary = "List groups")
    public Map<String, Object> list(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        return DeskList.of("group", groups.list(paging.offset(), paging.limit()).stream().map(views::of).toList(),
                groups.count());
    }

    @GetMapping("/api/groups/{id}.json")
    @Operation(summary = "One group")
    public Map<String, Object> get(@PathVariable long id) {
        return Map.of("group", views.of(find(id)));
    }

    @PostMapping("/api/groups.json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a group (administrators)")
    @Transactional
    public Map<String, Object> create(@RequestBody GroupEnvelope body, @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("manage groups");
        GroupFields fields = fields(body);
        String title = title(fields.groupTitle());
        if (title == null) {
            throw ApiException.missingField("group.group_title");
        }
        long id;
        try {
            id = groups.insert(key(fields.groupKey()), title, fromName(fields.groupFromName()),
                    blank(fields.groupSignature()), now());
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("group_key_already_exist", "another group has the key " + fields.groupKey());
        }
        return Map.of("group", views.of(find(id)));
    }

    @PutMapping("/api/groups/{id}.json")
    @Operation(summary = "Change a group (administrators)")
    @Transactional
    public Map<String, Object> update(@PathVariable long id, @RequestBody GroupEnvelope body,
            @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("manage groups");
        GroupFields fields = fields(body);
        Group current = find(id);
        String title = fields.groupTitle() == null ? current.title() : title(fields.groupTitle());
        if (title == null) {
            throw ApiException.invalidField("group.group_title", "must not be empty");
        }
        try {
            groups.update(new Group(id, fields.groupKey() == null ? current.key() : key(fields.groupKey()), title,
                fields.groupFromName() == null ? current.fromName() : fromName(fields.groupFromName()),
                fields.groupSignature() == null ? current.signature() : blank(fields.groupSignature()),
                fields.active() == null ? current.active() : fields.active(), current.createdAt(),
                current.updatedAt()), now());
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("group_key_already_exist", "another group has the key " + fields.groupKey());
        }
        return Map.of("group", views.of(find(id)));
    }

    private Group find(long id) {
        return groups.findById(id).orElseThrow(() -> ApiException.notFound("group_not_found", "no group " + id));
    }

    private static GroupFields fields(GroupEnvelope body) {
        if (body == null || body.group() == null) {
            throw ApiException.missingField("group");
        }
        return body.group();
    }

    private static String title(String title) {
        String value = blank(title);
        if (value != null && value.length() > 200) {
            throw ApiException.invalidField("group.group_title", "must be at most 200 characters");
        }
        return value;
    }

    private static String key(String key) {
        String value = blank(key);
        if (value != null && !value.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw ApiException.invalidField("group.group_key", "must be 1-64 letters, digits, '_', '.' or '-'");
        }
        return value;
    }

    private static String fromName(String fromName) {
        return Fields.atMost("group.group_from_name", blank(fromName), Fields.NAME);
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
