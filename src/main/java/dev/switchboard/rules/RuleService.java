package dev.switchboard.rules;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.Fields;
import dev.switchboard.desk.cases.CaseStatus;
import dev.switchboard.desk.cases.Change;
import dev.switchboard.desk.group.GroupRepository;
import dev.switchboard.desk.label.LabelRepository;
import dev.switchboard.desk.staff.Staff;
import dev.switchboard.desk.staff.StaffRepository;

/**
 * Creating, changing, ordering and removing rules. A rule is checked completely before it is
 * stored (every field, operator, value, reference and URL), so a stored rule always runs; staff,
 * groups and labels named by email or title are stored as ids (a missing label is created).
 */
@Service
public class RuleService {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final long MAX_AFTER_SECONDS = 10L * 366 * 24 * 3600;

    private final RuleRepository rules;
    private final StaffRepository staff;
    private final GroupRepository groups;
    private final LabelRepository labels;
    private final Conditions conditions;
    private final Clock clock;

    public RuleService(RuleRepository rules, StaffRepository staff, GroupRepository groups, LabelRepository labels,
            Conditions conditions, Clock clock) {
        this.rules = rules;
        this.staff = staff;
        this.groups = groups;
        this.labels = labels;
        this.conditions = conditions;
        this.clock = clock;
    }

    public List<Rule> all() {
        return rules.all();
    }

    public Rule get(long id) {
        return rules.find(id).orElseThrow(() -> ApiException.notFound("rule_not_found", "no rule " + id));
    }

    @Transactional
    public Rule create(RuleFields fields) {
        if (fields == null) {
            throw ApiException.missingField("rule");
        }
        String title = title(fields.title());
        if (title == null) {
            throw ApiException.missingField("rule.title");
        }
        String trigger = trigger(fields.trigger());
        RuleDefinition definition = definition(trigger, fields.conditionsAll(), fields.conditionsAny(),
                fields.actions(), fields.time());
        try {
            return get(rules.insert(blank(fields.key()), title, trigger, fields.position(),
                    fields.active() == null || fields.active(), definition, now()));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("rule_key_already_exist", "a rule with key " + fields.key() + " exists");
        }
    }

    @Transactional
    public Rule update(long id, RuleFields fields) {
        if (fields == null) {
            throw ApiException.missingField("rule");
        }
        Rule current = get(id);
        String title = fields.title() == null ? current.title() : title(fields.title());
        if (title == null) {
            throw ApiException.invalidField("rule.title", "must not be empty");
        }
        String trigger = fields.trigger() == null ? current.trigger() : trigger(fields.trigger());
        RuleDefinition old = current.definition();
        RuleDefinition definition = definition(trigger,
                fields.conditionsAll() == null ? old.conditionsAll() : fields.conditionsAll(),
                fields.conditionsAny() == null ? old.conditionsAny() : fields.conditionsAny(),
                fields.actions() == null ? old.actions() : fields.actions(),
                fields.time() == null ? old.time() : fields.time());
        rules.update(new Rule(id, current.key(), title, trigger,
                fields.position() == null ? current.position() : fields.position(),
                fields.active() == null ? current.active() : fields.active(), definition, current.createdAt(),
                current.updatedAt()), now());
        return get(id);
    }

    @Transactional
    public void delete(long id) {
        if (!rules.delete(id)) {
            throw ApiException.notFound("rule_not_found", "no rule " + id);
        }
    }

    /** Puts the named rules in this order (positions 1, 2, ...); others keep theirs. */
    @Transactional
    public List<Rule> reorder(List<Long> ruleIds) {
        if (ruleIds == null || ruleIds.isEmpty()) {
            throw ApiException.missingField("rule_ids");
        }
        if (ruleIds.stream().anyMatch(Objects::isNull)) {
            throw ApiException.invalidField("rule_ids", "must hold rule ids");
        }
        OffsetDateTime now = now();
        for (int i = 0; i < ruleIds.size(); i++) {
            get(ruleIds.get(i));
            rules.setPosition(ruleIds.get(i), i + 1, now);
        }
        return rules.all();
    }

    /** For the rules file: creates the rule of this key, or updates it (keeping its position). */
    @Transactional
    public Rule upsert(RuleFields fields) {
        String key = blank(fields.key());
        if (key == null) {
            throw ApiException.missingField("rule.key");
        }
        return rules.findByKey(key).map(existing -> {
            RuleFields declared = new RuleFields(key, fields.title(), fields.trigger(), null,
                    fields.active() == null ? Boolean.TRUE : fields.active(),
                    fields.conditionsAll() == null ? List.of() : fields.conditionsAll(),
                    fields.conditionsAny() == null ? List.of() : fields.conditionsAny(), fields.actions(),
                    fields.time());
            String title = title(declared.title());
            String trigger = trigger(declared.trigger());
            RuleDefinition definition = definition(trigger, declared.conditionsAll(), declared.conditionsAny(),
                    declared.actions(), declared.time());
            boolean same = existing.title().equals(title) && existing.trigger().equals(trigger)
                    && existing.active() == declared.active() && existing.definition().equals(definition);
            // loading the same file again changes nothing, not even updated_at
            return same ? existing : update(existing.id(), declared);
        }).orElseGet(() -> create(fields));
    }

    private RuleDefinition definition(String trigger, List<Condition> all, List<Condition> any, List<Action> actions,
            TimeTrigger time) {
        List<Condition> checkedAll = conditions("rule.conditions_all", all);
        List<Condition> checkedAny = conditions("rule.conditions_any", any);
        if (actions == null || actions.isEmpty()) {
            throw ApiException.missingField("rule.actions");
        }
        List<Action> resolved = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            resolved.add(action("rule.actions[" + i + "]", actions.get(i)));
        }
        TimeTrigger checkedTime = null;
        if (Rule.TIME.equals(trigger)) {
            if (time == null || time.since() == null || time.afterSeconds() == null) {
                throw ApiException.missingField("rule.time (since and after_seconds, for a time rule)");
            }
            if (!TimeRules.SINCE.containsKey(time.since())) {
                throw ApiException.invalidField("rule.time.since", "must be one of " + TimeRules.SINCE.keySet());
            }
            if (time.afterSeconds() < 1 || time.afterSeconds() > MAX_AFTER_SECONDS) {
                throw ApiException.invalidField("rule.time.after_seconds", "must be between 1 and " + MAX_AFTER_SECONDS
                        + " (ten years)");
            }
            checkedTime = time;
        }
        return new RuleDefinition(checkedAll, checkedAny, resolved, checkedTime);
    }

    private List<Condition> conditions(String field, List<Condition> list) {
        if (list == null) {
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            condition(field + "[" + i + "]", list.get(i));
        }
        return list;
    }

    private void condition(String at, Condition c) {
        if (c == null || c.field() == null) {
            throw ApiException.missingField(at + ".field");
        }
        Set<String> operators = Conditions.OPERATORS.get(c.field());
        if (operators == null) {
            throw ApiException.invalidField(at + ".field", "must be one of " + Conditions.OPERATORS.keySet());
        }
        if (c.operator() == null) {
            throw ApiException.missingField(at + ".operator");
        }
        if (!operators.contains(c.operator())) {
            throw ApiException.invalidField(at + ".operator", "must be one of " + operators + " for " + c.field());
        }
        if (c.values().isEmpty() && !c.field().startsWith("label_")) {
            throw ApiException.missingField(at + ".value");
        }
        if (c.values().stream().anyMatch(v -> v == null || v.isBlank())) {
            throw ApiException.invalidField(at + ".value", "must not hold empty values");
        }
        switch (c.field()) {
            case "status" -> values(at, c, CaseStatus.STATUSES);
            case "priority" -> values(at, c, CaseStatus.PRIORITIES);
            case "channel_type" -> values(at, c, List.of("sync", "async"));
            case "change" -> values(at, c, java.util.Arrays.stream(Change.values()).map(Change::code).toList());
            case "group", "labels", "label_added", "label_removed" -> c.values().forEach(v -> number(at, v));
            case "assignee" -> c.values().stream().filter(v -> !v.equals("nobody") && !v.equals("bot"))
                    .forEach(v -> number(at, v));
            case "user" -> {
                if (c.key() == null) {
                    throw ApiException.missingField(at + ".key");
                }
                if (!Conditions.USER_KEYS.contains(c.key())) {
                    throw ApiException.invalidField(at + ".key", "must be one of " + Conditions.USER_KEYS);
                }
            }
            default -> { }
        }
        if ("matches".equals(c.operator())) {
            for (String regex : c.values()) {
                try {
                    conditions.pattern(regex);
                } catch (PatternSyntaxException e) {
                    throw ApiException.invalidField(at + ".value", "is not a valid regular expression: " + regex);
                }
            }
        }
    }

    private static void values(String at, Condition c, List<String> allowed) {
        c.values().stream().filter(v -> !allowed.contains(v)).findFirst().ifPresent(v -> {
            throw ApiException.invalidField(at + ".value", "'" + v + "' is not one of " + allowed);
        });
    }

    private static void number(String at, String value) {
        if (!value.matches("\\d{1,18}")) {
            throw ApiException.invalidField(at + ".value", "'" + value + "' is not an id");
        }
    }

    private Action action(String at, Action a) {
        if (a == null || a.type() == null) {
            throw ApiException.missingField(at + ".type");
        }
        if (!RuleActions.types().contains(a.type())) {
            throw ApiException.invalidField(at + ".type", "must be one of " + RuleActions.types());
        }
        Long staffId = null;
        Long groupId = null;
        List<Long> labelIds = null;
        switch (a.type()) {
            case "assign" -> staffId = staffOf(at, a);
            case "assign_available", "set_group" -> groupId = groupOf(at, a, a.type().equals("set_group"));
            case "set_status" -> status(at, a.status());
            case "set_priority" -> {
                if (a.priority() == null || !CaseStatus.PRIORITIES.contains(a.priority())) {
                    throw ApiException.invalidField(at + ".priority", "must be one of " + CaseStatus.PRIORITIES);
                }
            }
            case "add_labels", "remove_labels" -> labelIds = labelsOf(at, a);
            case "send_message", "add_note" -> {
                if (a.content() == null || a.content().isBlank()) {
                    throw ApiException.missingField(at + ".content");
                }
            }
            case "http_request" -> http(at, a);
            case "end_chat" -> {
                if (a.status() != null) {
                    status(at, a.status());
                }
            }
            default -> { }
        }
        return a.resolved(staffId, groupId, labelIds);
    }

    private Long staffOf(String at, Action a) {
        Staff member = a.staffId() != null ? staff.findById(a.staffId()).orElse(null)
                : a.staffEmail() != null ? staff.findByEmail(a.staffEmail()).orElse(null) : null;
        if (member == null) {
            throw ApiException.badRequest("staff_not_found", at + ": staff_id or staff_email of an existing staff "
                    + "member is required");
        }
        return member.id();
    }

    private Long groupOf(String at, Action a, boolean noneAllowed) {
        if (noneAllowed && a.groupId() != null && a.groupId() == 0) {
            return 0L;
        }
        if (a.groupId() != null) {
            if (!groups.missing(List.of(a.groupId())).isEmpty()) {
                throw ApiException.badRequest("group_not_found", at + ".group_id: no group " + a.groupId());
            }
            return a.groupId();
        }
        if (a.groupTitle() != null) {
            return groups.list(0, Integer.MAX_VALUE).stream().filter(g -> g.title().equals(a.groupTitle()))
                    .findFirst().orElseThrow(() -> ApiException.badRequest("group_not_found",
                            at + ".group_title: no group titled '" + a.groupTitle() + "'"))
                    .id();
        }
        throw ApiException.missingField(at + ".group_id");
    }

    private List<Long> labelsOf(String at, Action a) {
        List<Long> ids = new ArrayList<>(ApiException.distinctIds(at + ".label_ids",
                a.labelIds() == null ? List.of() : a.labelIds()));
        List<Long> missing = labels.missing(ids);
        if (!missing.isEmpty()) {
            throw ApiException.badRequest("label_not_found", at + ".label_ids: no label " + missing.get(0));
        }
        if (a.labels() != null && a.labels().size() > ApiException.MAX_IDS) {
            throw ApiException.invalidField(at + ".labels", "may hold at most " + ApiException.MAX_IDS + " titles");
        }
        for (String title : a.labels() == null ? List.<String>of() : a.labels()) {
            String name = Fields.atMost(at + ".labels", title == null ? null : title.trim(), Fields.NAME);
            if (name == null || name.isEmpty()) {
                throw ApiException.invalidField(at + ".labels", "must hold label titles");
            }
            ids.add(labels.findByTitle(name).map(l -> l.id()).orElseGet(() -> labels.insert(name, now())));
        }
        if (ids.isEmpty()) {
            throw ApiException.missingField(at + ".label_ids (or labels)");
        }
        return ids.stream().distinct().toList();
    }

    /** An HTTP header name (RFC 9110 token). */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private static void http(String at, Action a) {
        if (a.headers() != null) {
            a.headers().forEach((name, value) -> {
                if (name == null || !TOKEN.matcher(name).matches()) {
                    throw ApiException.invalidField(at + ".headers", "'" + name + "' is not a valid header name");
                }
                if (name.regionMatches(true, 0, "Camel", 0, 5)) {
                    // Camel reads such headers to steer the request (CamelHttpUri, CamelHttpPath, ...)
                    throw ApiException.invalidField(at + ".headers", "'" + name + "' is reserved");
                }
                if (value == null || value.contains("\r") || value.contains("\n")) {
                    throw ApiException.invalidField(at + ".headers." + name, "must be one line of text");
                }
            });
        }
        if (a.contentType() != null && !a.contentType().matches("[\\w.+-]+/[\\w.+-]+(\\s*;[^\\r\\n]*)?")) {
            throw ApiException.invalidField(at + ".content_type", "is not a media type");
        }
        String method = a.method() == null ? "POST" : a.method();
        if (!METHODS.contains(method)) {
            throw ApiException.invalidField(at + ".method", "must be one of " + METHODS);
        }
        if (a.url() == null || a.url().isBlank()) {
            throw ApiException.missingField(at + ".url");
        }
        try {
            // placeholders may stand in the path or query: check the URL with them filled by a word
            URI uri = new URI(Placeholders.fillKnown(a.url(), "x"));
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getPort() > 65535
                    || !Set.of("http", "https").contains(uri.getScheme())) {
                throw ApiException.invalidField(at + ".url", "must be an absolute http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            throw ApiException.invalidField(at + ".url", "is not a valid URL");
        }
    }

    private static void status(String at, String status) {
        if (status == null || !CaseStatus.STATUSES.contains(status)) {
            throw ApiException.invalidField(at + ".status", "must be one of " + CaseStatus.STATUSES);
        }
    }

    private static String trigger(String trigger) {
        if (trigger == null || !Rule.TRIGGERS.contains(trigger)) {
            throw ApiException.invalidField("rule.trigger", "must be one of " + Rule.TRIGGERS);
        }
        return trigger;
    }

    private static String title(String title) {
        return Fields.atMost("rule.title", blank(title), Fields.NAME);
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
