package dev.switchboard.desk.api;

/** Length limits of text fields, checked before they reach a column that would refuse them. */
public final class Fields {

    public static final int NAME = 200;
    public static final int SUBJECT = 1000;
    public static final int IDENTITY = 320;

    private Fields() {
    }

    /** The value, refused with a 400 naming the field when longer than {@code max}. */
    public static String atMost(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ApiException.invalidField(field, "must be at most " + max + " characters");
        }
        return value;
    }
}
