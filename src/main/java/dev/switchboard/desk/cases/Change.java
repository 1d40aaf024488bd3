package dev.switchboard.desk.cases;

/** What happened to a case in one outside change (rules react to these). */
public enum Change {
    NEW_CASE, CUSTOMER_MESSAGE, STAFF_MESSAGE, NOTE, LABEL_ADDED, LABEL_REMOVED, STATUS_CHANGED,
    PRIORITY_CHANGED, GROUP_CHANGED, ASSIGNEE_CHANGED, SUBJECT_CHANGED, CHAT_ENDED, TIME;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
