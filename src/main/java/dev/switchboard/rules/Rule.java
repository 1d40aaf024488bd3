package dev.switchboard.rules;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A rule of the desk. Rules of one trigger run in {@code position} order on each outside change
 * ({@code new_case}, {@code changed_case}) or on the time scan ({@code time}). {@code key} is set
 * for rules declared in the rules file.
 */
public record Rule(long id, String key, String title, String trigger, int position, boolean active,
        RuleDefinition definition, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static final String NEW_CASE = "new_case";
    public static final String CHANGED_CASE = "changed_case";
    public static final String TIME = "time";
    public static final List<String> TRIGGERS = List.of(NEW_CASE, CHANGED_CASE, TIME);
}
