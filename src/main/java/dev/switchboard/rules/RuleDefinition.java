package dev.switchboard.rules;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What a rule tests and does: all of {@code conditions_all} and one of {@code conditions_any} (if any). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleDefinition(List<Condition> conditionsAll, List<Condition> conditionsAny, List<Action> actions,
        TimeTrigger time) {

    public List<Condition> all() {
        return conditionsAll == null ? List.of() : conditionsAll;
    }

    public List<Condition> any() {
        return conditionsAny == null ? List.of() : conditionsAny;
    }

    public List<Action> actionList() {
        return actions == null ? List.of() : actions;
    }
}
