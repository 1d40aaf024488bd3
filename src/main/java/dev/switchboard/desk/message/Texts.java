package dev.switchboard.desk.message;

/** Text of messages. */
public final class Texts {

    private Texts() {
    }

    /** The words of an HTML text, tags removed and whitespace collapsed (for subjects and rules). */
    public static String plain(String html) {
        return html == null ? "" : html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    }
}
