package dev.switchboard.pipeline;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.DeskDates;
import dev.switchboard.desk.api.DeskList;
import dev.switchboard.desk.api.Paging;
import dev.switchboard.security.StaffPrincipal;

/**
 * Delivery status for administrators (extension): deliveries waiting for a retry, and the
 * dead-letter queue with replay.
 */
@RestController
@Tag(name = "Deliveries", description = "Waiting and dead-lettered deliveries (administrators)")
public class DeliveriesController {

    public record WaitingView(String deliveryId, String queue, String receiver, long caseId, int attempts,
            long lastStatus, String lastError, String firstFailedAt, String nextAttemptAt, String createdAt) {
    }

    public record DeadView(String deliveryId, String queue, long caseId, String reason, int attempts,
            long lastStatus, String firstFailedAt, String deadAt, JsonNode payload) {
    }

    private final ParkedDeliveries parked;
    private final DeadLetters deadLetters;
    private final DeskDates dates;
    private final ObjectMapper json;

    public DeliveriesController(ParkedDeliveries parked, DeadLetters deadLetters, DeskDates dates, ObjectMapper json) {
        this.parked = parked;
        this.deadLetters = deadLetters;
        this.dates = dates;
        this.json = json;
    }

    @GetMapping("/api/deliveries/waiting.json")
    @Operation(summary = "Deliveries parked for a retry, or behind an earlier delivery of their case")
    public Map<String, Object> waiting(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer limit, @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("see and replay deliveries");
        Paging paging = Paging.of(page, limit);
        return DeskList.of("delivery", parked.list(paging.offset(), paging.limit()).stream()
                .map(p -> new WaitingView(p.deliveryId(), p.queue(), p.receiver(), Deliveries.caseOf(p.groupKey()),
                        p.attempts(), p.lastStatus() == null ? 0 : p.lastStatus(),
                        p.lastError() == null ? "" : p.lastError(),
                        dates.format(p.firstFailedAt()), dates.format(p.nextAttemptAt()),
                        dates.format(p.createdAt())))
                .toList(), parked.count());
    }

    @GetMapping("/api/deliveries/dead.json")
    @Operation(summary = "The dead-letter queue, oldest first", description = "Filter: queue")
    public Map<String, Object> dead(@RequestParam(required = false) String queue,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer limit,
            @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("see and replay deliveries");
        Paging paging = Paging.of(page, limit);
        DeadLetters.Page found = deadLetters.list(queue, paging.offset(), paging.limit());
        return DeskList.of("delivery", found.items().stream().map(this::view).toList(), found.total());
    }

    @PostMapping("/api/deliveries/dead/{deliveryId}/replay.json")
    @Operation(summary = "Send one dead letter back to its queue")
    public Map<String, Object> replay(@PathVariable String deliveryId, @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("see and replay deliveries");
        if (!deadLetters.replay(deliveryId)) {
            throw ApiException.notFound("delivery_not_found", "no dead letter with delivery id " + deliveryId);
        }
        return Map.of("replayed", 1);
    }

    @PostMapping("/api/deliveries/dead/replay.json")
    @Operation(summary = "Send every dead letter (of one queue, if given) back to its queue")
    public Map<String, Object> replayAll(@RequestParam(required = false) String queue,
            @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("see and replay deliveries");
        return Map.of("replayed", deadLetters.replayAll(queue));
    }

    private DeadView view(DeadLetter letter) {
        JsonNode payload;
        try {
            payload = letter.payload() == null ? null : json.readTree(letter.payload());
        } catch (Exception e) {
            payload = json.getNodeFactory().textNode(letter.payload());
        }
        return new DeadView(letter.deliveryId(), letter.queue(), Deliveries.caseOf(letter.groupKey()), letter.reason(),
                letter.attempts(), letter.lastStatus() == null ? 0 : letter.lastStatus(),
                dates.format(letter.firstFailedAt()), dates.format(letter.deadAt()), payload);
    }

}
