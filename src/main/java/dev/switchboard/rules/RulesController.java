package dev.switchboard.rules;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.desk.api.DeskDates;
import dev.switchboard.desk.api.DeskList;
import dev.switchboard.desk.cases.CaseService;
import dev.switchboard.security.StaffPrincipal;

/** Rules (extension): list, create, change, reorder, remove; and what fired on a case. */
@RestController
@Tag(name = "Rules", description = "Rules for new and changed cases and time-based rules (extension)")
public class RulesController {

    public record RuleEnvelope(RuleFields rule) {
    }

    public record OrderRequest(List<Long> ruleIds) {
    }

    public record RuleView(long ruleId, String key, String title, String trigger, int position, boolean active,
            List<Condition> conditionsAll, List<Condition> conditionsAny, List<Action> actions, TimeTrigger time,
            String createdAt, String updatedAt) {
    }

    public record FiringView(long firingId, long ruleId, String ruleTitle, List<String> changes, List<String> actions,
            String createdAt) {
    }

    private final RuleService rules;
    private final RuleFirings firings;
    private final CaseService cases;
    private final DeskDates dates;

    public RulesController(RuleService rules, RuleFirings firings, CaseService cases, DeskDates dates) {
        this.rules = rules;
        this.firings = firings;
        this.cases = cases;
        this.dates = dates;
    }

    @GetMapping("/api/rules.json")
    @Operation(summary = "All rules, by trigger and position")
    public Map<String, Object> list() {
        List<RuleView> all = rules.all().stream().map(this::view).toList();
        return DeskList.of("rule", all, all.size());
    }

    @GetMapping("/api/rules/{id}.json")
    @Operation(summary = "One rule")
    public Map<String, Object> get(@PathVariable long id) {
        return Map.of("rule", view(rules.get(id)));
    }

    @PostMapping("/api/rules.json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a rule (administrators)",
            description = "{\"rule\":{\"title\",\"trigger\":\"new_case\"|\"changed_case\"|\"time\",\"active\",\"position\","
                    + "\"conditions_all\":[{\"field\",\"operator\",\"value\"}],\"conditions_any\":[...],"
                    + "\"actions\":[{\"type\",...}],\"time\":{\"since\",\"after_seconds\"}}}. Without a position the "
                    + "rule goes last. Fields, operators and action types are listed in the README.")
    public Map<String, Object> create(@RequestBody RuleEnvelope body, @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("manage rules");
        return Map.of("rule", view(rules.create(body.rule())));
    }

    @PutMapping("/api/rules/{id}.json")
    @Operation(summary = "Change a rule (administrators); fields left out keep their value")
    public Map<String, Object> update(@PathVariable long id, @RequestBody RuleEnvelope body,
            @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("manage rules");
        return Map.of("rule", view(rules.update(id, body.rule())));
    }

    @DeleteMapping("/api/rules/{id}.json")
    @Operation(summary = "Remove a rule (administrators)")
    public Map<String, Object> delete(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("manage rules");
        rules.delete(id);
        return Map.of("rule_id", id, "deleted", true);
    }

    @PutMapping("/api/rules/order.json")
    @Operation(summary = "Put rules in order (administrators)", description = "{\"rule_ids\":[3,1,2]}: positions 1, 2, 3")
    public Map<String, Object> reorder(@RequestBody OrderRequest body, @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("manage rules");
        List<RuleView> all = rules.reorder(body.ruleIds()).stream().map(this::view).toList();
        return DeskList.of("rule", all, all.size());
    }

    @GetMapping("/api/cases/{reference}/rule_firings.json")
    @Operation(summary = "The rules that fired on a case: which rule, on which change, doing what")
    public Map<String, Object> firings(@PathVariable String reference) {
        List<FiringView> all = firings.ofCase(cases.get(reference).id()).stream()
                .map(f -> new FiringView(f.id(), f.ruleId(), f.ruleTitle(), f.changes(), f.actions(),
                        dates.format(f.createdAt())))
                .toList();
        return DeskList.of("firing", all, all.size());
    }

    private RuleView view(Rule r) {
        RuleDefinition d = r.definition();
        return new RuleView(r.id(), r.key() == null ? "" : r.key(), r.title(), r.trigger(), r.position(), r.active(),
                d.all(), d.any(), d.actionList(), d.time(), dates.format(r.createdAt()), dates.format(r.updatedAt()));
    }
}
