package dev.switchboard.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.DeskDates;
import dev.switchboard.desk.api.DeskList;
import dev.switchboard.desk.api.DeskViews;
import dev.switchboard.desk.api.Paging;
import dev.switchboard.desk.api.QueryFilters;
import dev.switchboard.desk.cases.CaseNumbers;
import dev.switchboard.desk.cases.CaseReferences;
import dev.switchboard.desk.cases.CaseService;
import dev.switchboard.desk.cases.DeskCase;
import dev.switchboard.security.StaffPrincipal;

/** Live chats (extension): the running ones, ending one, and a case's chat sessions. */
@RestController
@Tag(name = "Chats", description = "Live chats of sync channels (extension)")
public class ChatsController {

    public record ActiveChatView(long chatId, long caseId, String caseNumber, String subject, long userId,
            String userFullName, String channel, long staffId, long groupId, String startedAt, String lastMessageAt,
            String lastMessage, long waitingSeconds) {
    }

    /**
     * {@code {"chat":{"status":"closed","ended_by":"channel"}}}, both optional: the status to set, and
     * "channel" when the channel's own system reports the chat finished (otherwise it is the staff
     * member's end).
     */
    public record EndChatEnvelope(EndChatFields chat) {
    }

    public record EndChatFields(String status, String endedBy) {
    }

    private final ChatRepository sessions;
    private final Chats chats;
    private final ChatViews chatViews;
    private final CaseService cases;
    private final DeskViews views;
    private final DeskDates dates;
    private final Clock clock;

    public ChatsController(ChatRepository sessions, Chats chats, ChatViews chatViews, CaseService cases,
            DeskViews views, DeskDates dates, Clock clock) {
        this.sessions = sessions;
        this.chats = chats;
        this.chatViews = chatViews;
        this.cases = cases;
        this.views = views;
        this.dates = dates;
        this.clock = clock;
    }

    @GetMapping("/api/chats.json")
    @Operation(summary = "Running live chats, oldest first",
            description = "Filters: staff_id (0 = nobody), group_id (0 = none), channel. waiting_seconds: how long "
                    + "the customer has been waiting for an answer (0 when the last word was the staff's).")
    public Map<String, Object> running(HttpServletRequest request, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        List<Long> staff = QueryFilters.ids(request, "staff_id");
        List<Long> groups = QueryFilters.ids(request, "group_id");
        List<String> channels = QueryFilters.strings(request, "channel");
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<ActiveChatView> items = sessions.running(staff, groups, channels, paging.offset(), paging.limit()).stream()
                .map(c -> new ActiveChatView(c.chatId(), c.caseId(), CaseNumbers.of(c.caseId()),
                        c.subject(), c.userId(), c.userFullName() == null ? "" : c.userFullName(), c.channel(),
                        c.staffId() == null ? 0 : c.staffId(), c.groupId() == null ? 0 : c.groupId(),
                        dates.format(c.startedAt()), dates.format(c.lastActivityAt()),
                        c.lastMessage() == null ? "" : c.lastMessage(),
                        c.waitingSince() == null ? 0 : Duration.between(c.waitingSince(), now).toSeconds()))
                .toList();
        return DeskList.of("chat", items, sessions.countRunning(staff, groups, channels));
    }

    @PostMapping("/api/cases/{reference}/end_chat.json")
    @Operation(summary = "End the case's live chat",
            description = "Optional body {\"chat\":{\"status\":\"closed\"}} sets the case's status; without it the "
                    + "status stays. Ending a chat is not closing the case. 409 chat_not_active without a running chat.")
    public Map<String, Object> end(@PathVariable String reference, @RequestBody(required = false) EndChatEnvelope body,
            @AuthenticationPrincipal StaffPrincipal by) {
        DeskCase deskCase = cases.get(reference);
        EndChatFields fields = body == null || body.chat() == null ? new EndChatFields(null, null) : body.chat();
        String status = CaseReferences.status("chat.status", fields.status());
        boolean byChannel = "channel".equals(fields.endedBy());
        if (fields.endedBy() != null && !byChannel && !"staff".equals(fields.endedBy())) {
            throw ApiException.invalidField("chat.ended_by", "must be staff or channel");
        }
        Chat ended = chats.end(deskCase.id(), byChannel
                        ? new Chats.Ending(EndedBy.CHANNEL, null, null, "reported finished by the channel", status)
                        : new Chats.Ending(EndedBy.STAFF, by.staffId(), null, "ended by staff member " + by.staffId(),
                                status))
                .orElseThrow(() -> ApiException.conflict("chat_not_active",
                        "case " + deskCase.id() + " has no running live chat"));
        return Map.of("case", views.of(cases.get(reference)), "chat", chatViews.of(ended));
    }

    @GetMapping("/api/cases/{reference}/chats.json")
    @Operation(summary = "The live chat sessions of a case, with their statistics")
    public Map<String, Object> ofCase(@PathVariable String reference) {
        List<Chat> ofCase = chats.ofCase(cases.get(reference).id());
        return DeskList.of("chat", ofCase.stream().map(chatViews::of).toList(), ofCase.size());
    }
}
