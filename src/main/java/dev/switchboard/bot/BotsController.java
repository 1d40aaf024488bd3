package dev.switchboard.bot;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.DeskDates;
import dev.switchboard.desk.api.DeskList;
import dev.switchboard.desk.api.Paging;
import dev.switchboard.security.StaffPrincipal;

/** Bots speaking Webim's External Bot API 2.0 (administrators). */
@RestController
@Tag(name = "Bots", description = "Bots as first-line operators (Webim External Bot API 2.0); for administrators")
public class BotsController {

    public record BotEnvelope(BotFields bot) {
    }

    /** A bot as the API shows it; {@code token} and {@code webhook_secret} only when just generated. */
    public record BotView(long botId, String botKey, String title, String webhookUrl, List<Long> groupIds,
            String status, long handoffGroupId, long staffId, String unreachableSince, String createdAt,
            String updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String token,
            @JsonInclude(JsonInclude.Include.NON_NULL) String webhookSecret) {
    }

    private final BotService bots;
    private final DeskDates dates;

    BotsController(BotService bots, DeskDates dates) {
        this.bots = bots;
        this.dates = dates;
    }

    @GetMapping("/api/bots.json")
    @Operation(summary = "List bots")
    public Map<String, Object> list(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer limit, @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("see bots");
        Paging paging = Paging.of(page, limit);
        return DeskList.of("bot", bots.list(paging.offset(), paging.limit()).stream()
                .map(b -> view(b, null, null)).toList(), bots.count());
    }

    @GetMapping("/api/bots/{id}.json")
    @Operation(summary = "One bot")
    public Map<String, Object> get(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("see bots");
        return Map.of("bot", view(bots.get(id), null, null));
    }

    @PostMapping("/api/bots.json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a bot",
            description = "{\"bot\":{\"title\",\"webhook_url\",\"group_ids\":[...],\"status\":\"online\"|\"invisible\"|"
                    + "\"offline\",\"handoff_group_id\"}}; the answer carries the bot's token and webhook_secret once.")
    public Map<String, Object> create(@RequestBody(required = false) BotEnvelope body,
            @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("create bots");
        BotService.WithSecrets created = bots.create(fields(body));
        return Map.of("bot", view(created.bot(), created.token(), created.webhookSecret()));
    }

    @PutMapping("/api/bots/{id}.json")
    @Operation(summary = "Change a bot",
            description = "Offline hands its running chats to people; regenerate_token / rotate_webhook_secret "
                    + "answer the new value once.")
    public Map<String, Object> update(@PathVariable long id, @RequestBody(required = false) BotEnvelope body,
            @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("change bots");
        BotService.WithSecrets changed = bots.update(id, fields(body));
        return Map.of("bot", view(changed.bot(), changed.token(), changed.webhookSecret()));
    }

    private static BotFields fields(BotEnvelope body) {
        if (body == null || body.bot() == null) {
            throw ApiException.missingField("bot");
        }
        return body.bot();
    }

    private BotView view(Bot b, String token, String secret) {
        return new BotView(b.id(), b.key() == null ? "" : b.key(), b.title(), withoutPassword(b.webhookUrl()),
                b.groupIds(), b.status(), b.handoffGroupId() == null ? 0 : b.handoffGroupId(), b.staffId(),
                dates.format(b.unreachableSince()), dates.format(b.createdAt()), dates.format(b.updatedAt()), token,
                secret);
    }

    /** A password in the URL (user:password@host) is a secret: shown as ***. */
    static String withoutPassword(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*):[^/@]*@", "$1:***@");
    }
}
