package dev.switchboard.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.switchboard.desk.cases.Change;
import dev.switchboard.desk.user.Identity;

/**
 * Evaluates conditions. Fields and operators:
 * <ul>
 * <li>{@code status}, {@code priority}, {@code channel} (codes), {@code channel_type} (sync/async),
 * {@code group} (ids, 0 = none): {@code is} / {@code is_not} one of the values;</li>
 * <li>{@code assignee}: {@code is} / {@code is_not} one of staff ids, {@code nobody}, {@code bot};</li>
 * <li>{@code labels}: {@code include_any} / {@code include_all} / {@code exclude};</li>
 * <li>{@code label_added} / {@code label_removed} in this change: {@code any} of the ids (none = any label);</li>
 * <li>{@code change}: {@code is} one of the kinds (new_case, customer_message, staff_message, note,
 * label_added, label_removed, status_changed, priority_changed, group_changed, assignee_changed,
 * subject_changed, chat_ended, time);</li>
 * <li>{@code message_text} (of the message that caused the change), {@code subject}: {@code contains} /
 * {@code not_contains} (any of the values, ignoring case) / {@code matches} (a regular expression);</li>
 * <li>{@code user} with {@code key} email, phone, full_name, custom_id or company_name:
 * {@code equals} (ignoring case) / {@code contains}.</li>
 * </ul>
 */
@Component
public class Conditions {

    static final Map<String, Set<String>> OPERATORS = Map.ofEntries(
            Map.entry("status", Set.of("is", "is_not")),
            Map.entry("priority", Set.of("is", "is_not")),
            Map.entry("channel", Set.of("is", "is_not")),
            Map.entry("channel_type", Set.of("is", "is_not")),
            Map.entry("group", Set.of("is", "is_not")),
            Map.entry("assignee", Set.of("is", "is_not")),
            Map.entry("labels", Set.of("include_any", "include_all", "exclude")),
            Map.entry("label_added", Set.of("any")),
            Map.entry("label_removed", Set.of("any")),
            Map.entry("change", Set.of("is")),
            Map.entry("message_text", Set.of("contains", "not_contains", "matches")),
            Map.entry("subject", Set.of("contains", "not_contains", "matches")),
            Map.entry("user", Set.of("equals", "contains")));
    static final Set<String> USER_KEYS = Set.of("email", "phone", "full_name", "custom_id", "company_name");

    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    boolean match(RuleDefinition definition, RuleContext ctx, LongPredicate isBot) {
        return definition.all().stream().allMatch(c -> test(c, ctx, isBot))
                && (definition.any().isEmpty() || definition.any().stream().anyMatch(c -> test(c, ctx, isBot)));
    }

    boolean test(Condition c, RuleContext ctx, LongPredicate isBot) {
        List<String> values = c.values();
        return switch (c.field()) {
            case "status" -> is(c, values.contains(ctx.status));
            case "priority" -> is(c, values.contains(ctx.priority));
            case "channel" -> is(c, values.contains(ctx.channel.code()));
            case "channel_type" -> is(c, values.contains(ctx.channel.channelType()));
            case "group" -> is(c, values.contains(ctx.groupId == null ? "0" : ctx.groupId.toString()));
            case "assignee" -> is(c, values.stream().anyMatch(v -> switch (v) {
                case "nobody" -> ctx.staffId == null;
                case "bot" -> ctx.staffId != null && isBot.test(ctx.staffId);
                default -> ctx.staffId != null && v.equals(ctx.staffId.toString());
            }));
            case "labels" -> labels(c.operator(), values, ctx);
            case "label_added" -> changedLabel(values, ctx.event.labelsAdded());
            case "label_removed" -> changedLabel(values, ctx.event.labelsRemoved());
            case "change" -> ctx.event.changes().stream().map(Change::code).anyMatch(values::contains);
            case "message_text" -> text(c.operator(), values, ctx.messageText);
            case "subject" -> text(c.operator(), values, ctx.original.subject());
            case "user" -> user(c, values, ctx);
            default -> false;
        };
    }

    private static boolean is(Condition c, boolean found) {
        return "is_not".equals(c.operator()) != found;
    }

    private static boolean labels(String operator, List<String> values, RuleContext ctx) {
        List<String> present = ctx.labels.stream().map(Object::toString).toList();
        return switch (operator) {
            case "include_all" -> present.containsAll(values);
            case "exclude" -> values.stream().noneMatch(present::contains);
            default -> values.stream().anyMatch(present::contains);
        };
    }

    private static boolean changedLabel(List<String> values, List<Long> changed) {
        return !changed.isEmpty() && (values.isEmpty()
                || changed.stream().map(Object::toString).anyMatch(values::contains));
    }

    private boolean text(String operator, List<String> values, String text) {
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        return switch (operator) {
            case "not_contains" -> values.stream().noneMatch(v -> lower.contains(v.toLowerCase(Locale.ROOT)));
            case "matches" -> values.stream().anyMatch(v -> pattern(v).matcher(text == null ? "" : text).find());
            default -> values.stream().anyMatch(v -> lower.contains(v.toLowerCase(Locale.ROOT)));
        };
    }

    private boolean user(Condition c, List<String> values, RuleContext ctx) {
        String field = switch (c.key() == null ? "" : c.key()) {
            case "email" -> ctx.user.identity(Identity.EMAIL).map(Identity::value).orElse("");
            case "phone" -> ctx.user.identity(Identity.PHONE).map(Identity::value).orElse("");
            case "custom_id" -> ctx.user.customId(ctx.channel.code())
                    .or(() -> ctx.user.identity(Identity.CUSTOM).map(Identity::value)).orElse("");
            case "full_name" -> ctx.user.fullName() == null ? "" : ctx.user.fullName();
            case "company_name" -> ctx.user.companyName() == null ? "" : ctx.user.companyName();
            default -> "";
        };
        String lower = field.toLowerCase(Locale.ROOT);
        return "contains".equals(c.operator())
                ? values.stream().anyMatch(v -> lower.contains(v.toLowerCase(Locale.ROOT)))
                : values.stream().anyMatch(v -> lower.equals(v.toLowerCase(Locale.ROOT)));
    }

    Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }
}
