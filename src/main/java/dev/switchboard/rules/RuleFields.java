package dev.switchboard.rules;

import java.util.List;

/** {@code {"rule":{...}}} of the rules API and of the rules file; null fields keep their value on update. */
public record RuleFields(
        String key,
        String title,
        String trigger,
        Integer position,
        Boolean active,
        List<Condition> conditionsAll,
        List<Condition> conditionsAny,
        List<Action> actions,
        TimeTrigger time) {
}
