package dev.switchboard.desk.api;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.switchboard.attachment.Attachment;
import dev.switchboard.attachment.Attachments;
import dev.switchboard.desk.cases.CaseChange;
import dev.switchboard.desk.cases.CaseFilter;
import dev.switchboard.desk.cases.CaseMessages;
import dev.switchboard.desk.cases.CaseReferences;
import dev.switchboard.desk.cases.CaseService;
import dev.switchboard.desk.cases.NewCase;
import dev.switchboard.desk.message.NewMessage;
import dev.switchboard.desk.message.NewNote;
import dev.switchboard.desk.user.Contacts;
import dev.switchboard.platform.GroupCommit;
import dev.switchboard.platform.GroupCommits;
import dev.switchboard.security.StaffPrincipal;

/** Cases and their messages, as Omnidesk's API has them. */
@RestController
@Tag(name = "Cases", description = "Omnidesk-compatible cases and messages")
public class CasesController {

    public record CaseEnvelope(@JsonProperty("case") NewCase kase) {
    }

    public record CaseChangeEnvelope(@JsonProperty("case") CaseChange kase) {
    }

    public record MessageEnvelope(NewMessage message) {
    }

    public record NoteEnvelope(NewNote note) {
    }

    private final CaseService cases;
    private final CaseMessages messages;
    private final Attachments attachments;
    private final MultipartForms multipart;
    private final DeskViews views;
    private final DeskDates dates;
    /** Cases and messages posted together share a commit. */
    private final GroupCommit posts;

    public CasesController(CaseService cases, CaseMessages messages, Attachments attachments,
            MultipartForms multipart, DeskViews views, DeskDates dates, GroupCommits commits) {
        this.cases = cases;
        this.messages = messages;
        this.attachments = attachments;
        this.multipart = multipart;
        this.views = views;
        this.dates = dates;
        this.posts = commits.requestLane("desk-api");
    }

    @PostMapping("/api/cases.json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a case with the customer's first message",
            description = "The user is found or created from user_email, user_phone, user_custom_id + channel "
                    + "(seed 004's identity rule) or user_id.")
    public Map<String, Object> create(@RequestBody CaseEnvelope body) {
        NewCase request = body.kase();
        List<Attachment> files = attachments.store("case.attachment_urls", List.of(),
                request == null ? null : request.attachmentUrls());
        return Map.of("case", views.of(attachments.writeWith(files,
                () -> posts.call(() -> cases.create(request, files))).deskCase()));
    }

    @PostMapping(value = "/api/cases.json", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a case with files: case[...] fields and case[attachments][n] files")
    public Map<String, Object> create(MultipartHttpServletRequest request) {
        NewCase fields = multipart.fields(request, "case", CaseEnvelope.class).kase();
        List<Attachment> files = attachments.store("case.attachments", multipart.files(request, "case"),
                fields == null ? null : fields.attachmentUrls());
        return Map.of("case", views.of(attachments.writeWith(files,
                () -> posts.call(() -> cases.create(fields, files))).deskCase()));
    }

    @GetMapping("/api/cases.json")
    @Operation(summary = "List cases",
            description = "Filters as single values, repeated name[] values or comma lists: status, channel, "
                    + "user_id, user_email, staff_id (0 = unassigned), group_id (0 = none), labels, "
                    + "user_custom_id, from_time, to_time, sort, show_active_chats (default false: cases whose live "
                    + "chat is active are left out), chat_state (active, ended, none); page and limit (at most 100).")
    public Map<String, Object> list(HttpServletRequest request,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        CaseFilter filter = filter(request);
        return DeskList.of("case", views.of(cases.list(filter, paging.offset(), paging.limit())), cases.count(filter));
    }

    @GetMapping("/api/cases/{reference}.json")
    @Operation(summary = "One case, by case_id or case_number")
    public Map<String, Object> get(@PathVariable String reference) {
        return Map.of("case", views.of(cases.get(reference)));
    }

    @PutMapping("/api/cases/{reference}.json")
    @Operation(summary = "Change status, priority, assignee, group, subject or labels of a case")
    public Map<String, Object> update(@PathVariable String reference, @RequestBody CaseChangeEnvelope body) {
        return Map.of("case", views.of(cases.update(reference, body.kase())));
    }

    @GetMapping("/api/cases/{reference}/messages.json")
    @Operation(summary = "Messages of a case", description = "Without page and limit: the last 100. order=asc|desc.")
    public Map<String, Object> messages(@PathVariable String reference,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false, defaultValue = "asc") String order) {
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalidField("order", "must be asc or desc");
        }
        CaseMessages.Page found = messages.list(reference, page, limit, order.equals("asc"));
        return DeskList.of("message", views.messages(found.messages()), found.total());
    }

    @PostMapping("/api/cases/{reference}/messages.json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a message",
            description = "With user_id: the customer wrote. With staff_id or neither: a staff reply, delivered "
                    + "to the customer's channel.")
    public Map<String, Object> post(@PathVariable String reference, @RequestBody MessageEnvelope body,
            @AuthenticationPrincipal StaffPrincipal by) {
        NewMessage request = body.message();
        List<Attachment> files = attachments.store("message.attachment_urls", List.of(),
                request == null ? null : request.attachmentUrls());
        return Map.of("message", views.of(attachments.writeWith(files,
                () -> posts.call(() -> messages.post(reference, request, by, files))), files));
    }

    @PostMapping(value = "/api/cases/{reference}/messages.json", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a message with files: message[...] fields and message[attachments][n] files")
    public Map<String, Object> post(@PathVariable String reference, MultipartHttpServletRequest request,
            @AuthenticationPrincipal StaffPrincipal by) {
        NewMessage fields = multipart.fields(request, "message", MessageEnvelope.class).message();
        List<Attachment> files = attachments.store("message.attachments", multipart.files(request, "message"),
                fields == null ? null : fields.attachmentUrls());
        return Map.of("message", views.of(attachments.writeWith(files,
                () -> posts.call(() -> messages.post(reference, fields, by, files))), files));
    }

    @PostMapping({"/api/cases/{reference}/note.json", "/api/cases/{reference}/notes.json"})
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add an internal note",
            description = "Never sent to a customer's messenger; custom channels receive it flagged note = 1.")
    public Map<String, Object> note(@PathVariable String reference, @RequestBody NoteEnvelope body,
            @AuthenticationPrincipal StaffPrincipal by) {
        NewNote request = body.note();
        List<Attachment> files = attachments.store("note.attachment_urls", List.of(),
                request == null ? null : request.attachmentUrls());
        return Map.of("message", views.of(attachments.writeWith(files,
                () -> messages.note(reference, request, by, files)), files));
    }

    @PostMapping(value = {"/api/cases/{reference}/note.json", "/api/cases/{reference}/notes.json"},
            consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a note with files: note[...] fields and note[attachments][n] files")
    public Map<String, Object> note(@PathVariable String reference, MultipartHttpServletRequest request,
            @AuthenticationPrincipal StaffPrincipal by) {
        NewNote fields = multipart.fields(request, "note", NoteEnvelope.class).note();
        List<Attachment> files = attachments.store("note.attachments", multipart.files(request, "note"),
                fields == null ? null : fields.attachmentUrls());
        return Map.of("message", views.of(attachments.writeWith(files,
                () -> messages.note(reference, fields, by, files)), files));
    }

    private CaseFilter filter(HttpServletRequest request) {
        List<String> states = chatStates(request);
        var statuses = QueryFilters.strings(request, "status");
        statuses.forEach(s -> CaseReferences.status("status", s));
        String sort = QueryFilters.single(request, "sort");
        if (sort != null && !CaseFilter.SORTS.contains(sort)) {
            throw ApiException.invalidField("sort", "must be one of " + CaseFilter.SORTS);
        }
        return new CaseFilter(statuses, QueryFilters.strings(request, "channel"),
                QueryFilters.ids(request, "user_id"),
                QueryFilters.strings(request, "user_email").stream().map(e -> Contacts.email("user_email", e)).toList(),
                QueryFilters.ids(request, "staff_id"), QueryFilters.ids(request, "group_id"),
                QueryFilters.ids(request, "labels"), QueryFilters.single(request, "user_custom_id"),
                dates.parse("from_time", request.getParameter("from_time")),
                dates.parse("to_time", request.getParameter("to_time")), sort,
                // asking for active chats by state is asking to see them
                flag("show_active_chats", request.getParameter("show_active_chats")) || states.contains("active"),
                states);
    }

    private static List<String> chatStates(HttpServletRequest request) {
        List<String> states = QueryFilters.strings(request, "chat_state");
        states.stream().filter(s -> !CaseFilter.CHAT_STATES.contains(s)).findFirst().ifPresent(s -> {
            throw ApiException.invalidField("chat_state", "must be one of " + CaseFilter.CHAT_STATES);
        });
        return states;
    }

    /** Booleans as PHP and others send them: 1/0, true/false. */
    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank() || value.equals("0") || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equals("1") || value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.invalidField(name, "must be true or false (1 or 0)");
    }
}
