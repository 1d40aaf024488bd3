package dev.switchboard.desk.message;

/** Who wrote a message: the customer, a staff member (person or bot), a rule, or the system. */
public enum Author {
    USER, STAFF, RULE, SYSTEM;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Author of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
