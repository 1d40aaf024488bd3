package dev.switchboard.rules;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.switchboard.chat.ChatLifecycle;
import dev.switchboard.chat.Chats;
import dev.switchboard.chat.EndedBy;
import dev.switchboard.desk.cases.CaseMessages;
import dev.switchboard.desk.cases.CaseStatus;
import dev.switchboard.desk.staff.StaffRepository;
import dev.switchboard.rules.Placeholders.Escaping;

/**
 * Applies actions. Types and their fields:
 * <ul>
 * <li>{@code assign} (staff_id), {@code assign_nobody}, {@code assign_available} (group_id: an online
 * person of the group with the fewest running chats, round-robin on ties);</li>
 * <li>{@code set_group} (group_id), {@code set_status} (status), {@code set_priority} (priority);</li>
 * <li>{@code add_labels} / {@code remove_labels} (label_ids);</li>
 * <li>{@code send_message} (content: to the customer, sent_via_rule = 1), {@code add_note} (content);</li>
 * <li>{@code http_request} (method, url, headers, content_type, body), through the delivery pipeline;</li>
 * <li>{@code end_chat} (status, optional);</li>
 * <li>{@code pin_chat}: the case's live chat runs for its assignee (seed 001's "pin the chat to the
 * assignee"): started again if it had ended, nothing on async channels, closed cases or a running chat;</li>
 * <li>{@code stop}: the remaining rules of this pass are ignored (handled by the engine).</li>
 * </ul>
 * Texts take [placeholders]. Each returns a line for the case's rule record.
 */
@Component
class RuleActions {

    private final StaffRepository staff;
    private final CaseMessages messages;
    private final ChatLifecycle chatLifecycle;
    private final Chats chats;
    private final RuleHttpDelivery http;
    private final Clock clock;

    RuleActions(StaffRepository staff, CaseMessages messages, ChatLifecycle chatLifecycle, Chats chats,
            RuleHttpDelivery http, Clock clock) {
        this.staff = staff;
        this.messages = messages;
        this.chatLifecycle = chatLifecycle;
        this.chats = chats;
        this.http = http;
        this.clock = clock;
    }

    String apply(Action action, RuleContext ctx, Rule rule) {
        return switch (action.type()) {
            case "assign" -> {
                ctx.staffId = action.staffId();
                yield "assigned to staff " + action.staffId();
            }
            case "assign_nobody" -> {
                ctx.staffId = null;
                yield "unassigned";
            }
            case "assign_available" -> assignAvailable(action.groupId(), ctx);
            case "set_group" -> {
                ctx.groupId = action.groupId() == null || action.groupId() == 0 ? null : action.groupId();
                yield "group set to " + (ctx.groupId == null ? "none" : ctx.groupId);
            }
            case "set_status" -> {
                ctx.status = action.status();
                yield "status set to " + action.status();
            }
            case "set_priority" -> {
                ctx.priority = action.priority();
                yield "priority set to " + action.priority();
            }
            case "add_labels" -> {
                ctx.labels.addAll(action.labelIds());
                yield "labels added " + action.labelIds();
            }
            case "remove_labels" -> {
                action.labelIds().forEach(ctx.labels::remove);
                yield "labels removed " + action.labelIds();
            }
            case "send_message" -> {
                long id = messages.ruleWrote(ctx.caseId(), text(action.content(), ctx), null, false).id();
                chatLifecycle.ruleWrote(ctx.caseId());
                yield "message " + id + " sent to the customer";
            }
            case "add_note" -> "note " + messages.ruleWrote(ctx.caseId(), text(action.content(), ctx), null, true).id()
                    + " added";
            case "http_request" -> {
                HttpCall call = call(action, ctx, rule);
                yield "HTTP " + call.method() + " " + call.url() + " queued as delivery " + http.send(call);
            }
            case "end_chat" -> {
                boolean ended = chats.end(ctx.caseId(), new Chats.Ending(EndedBy.RULE, null, rule.id(),
                        "ended by rule " + rule.id(), null)).isPresent();
                if (action.status() != null) {
                    ctx.status = action.status();
                }
                yield (ended ? "chat ended" : "no running chat to end")
                        + (action.status() == null ? "" : ", status set to " + action.status());
            }
            case "pin_chat" -> pinChat(ctx);
            default -> "unknown action " + action.type() + " skipped";
        };
    }

    /**
     * The assignee is the case's (as this pass leaves it), so the running chat lists under whoever
     * is assigned when the pass is written; with nobody assigned it lists among unassigned chats.
     */
    private String pinChat(RuleContext ctx) {
        String to = ctx.staffId == null ? "nobody assigned" : "staff " + ctx.staffId;
        if (!ctx.channel.sync()) {
            return "no live chat to pin on an async channel";
        }
        if (CaseStatus.CLOSED.equals(ctx.status)) {
            return "no live chat pinned: the case is closed";
        }
        return (chatLifecycle.pinToAssignee(ctx.caseId()) ? "chat started" : "chat already running")
                + ", pinned to " + to;
    }

    private String assignAvailable(Long groupId, RuleContext ctx) {
        Optional<Long> chosen = staff.availableInGroup(groupId);
        if (chosen.isEmpty()) {
            return "nobody available in group " + groupId;
        }
        ctx.staffId = chosen.get();
        staff.markAssigned(chosen.get(), OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS));
        return "assigned to staff " + chosen.get() + " (available in group " + groupId + ")";
    }

    private static String text(String template, RuleContext ctx) {
        return Placeholders.render(template, Placeholders.values(ctx), Escaping.NONE);
    }

    private static HttpCall call(Action action, RuleContext ctx, Rule rule) {
        Map<String, String> values = Placeholders.values(ctx);
        Map<String, String> headers = new LinkedHashMap<>();
        if (action.headers() != null) {
            action.headers().forEach((name, value) ->
                    headers.put(name, Placeholders.render(value, values, Escaping.HEADER)));
        }
        String contentType = action.contentType() == null ? "application/json" : action.contentType();
        return new HttpCall(rule.id(), ctx.caseId(), action.method() == null ? "POST" : action.method(),
                Placeholders.render(action.url(), values, Escaping.URL), headers, contentType,
                Placeholders.render(action.body(), values, Escaping.forBody(contentType)));
    }

    static List<String> types() {
        return List.of("assign", "assign_nobody", "assign_available", "set_group", "set_status", "set_priority",
                "add_labels", "remove_labels", "send_message", "add_note", "http_request", "end_chat", "pin_chat",
                "stop");
    }
}
