package dev.switchboard.rules;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One test of a rule: {@code {"field":"status","operator":"is","value":["open"]}}. {@code value} may
 * be given as a single value or a list; {@code key} names the user field of {@code field: user}.
 * Fields and operators are listed in {@link Conditions}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
        String field,
        String operator,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> value,
        String key) {

    public List<String> values() {
        return value == null ? List.of() : value;
    }
}
