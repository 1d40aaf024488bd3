package dev.switchboard.desk.cases;

import java.util.List;

/** Omnidesk's case statuses and priorities. */
public final class CaseStatus {

    public static final String OPEN = "open";
    public static final String WAITING = "waiting";
    public static final String CLOSED = "closed";
    public static final List<String> STATUSES = List.of(OPEN, WAITING, CLOSED);

    public static final String NORMAL = "normal";
    public static final List<String> PRIORITIES = List.of("low", NORMAL, "high", "critical");

    private CaseStatus() {
    }
}
