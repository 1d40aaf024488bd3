package dev.switchboard.rules;

/**
 * When a time-based rule looks at a case: {@code after_seconds} after {@code since} — the case's
 * creation ("created"), its last outside change ("changed") or its last status change
 * ("status_changed"). Evaluated once per case and outside change.
 */
public record TimeTrigger(String since, Long afterSeconds) {
}
