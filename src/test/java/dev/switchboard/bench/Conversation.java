package dev.switchboard.bench;

/**
 * One customer's conversation: a case on a channel, written to one message at a time (the next
 * message is posted only after the previous POST was answered, so the order of acceptance is
 * the order of the messages). Keys of its messages: {@code <name>.m<index>}.
 */
final class Conversation {

    private final String name;
    private final int messages;
    private volatile long caseId;
    private volatile long userId;
    private volatile int next;
    private volatile boolean open;

    Conversation(String name, int messages) {
        this.name = name;
        this.messages = messages;
    }

    String name() {
        return name;
    }

    /** The customer's own id on the channel. */
    String customId() {
        return "bench-" + name;
    }

    String key(int index) {
        return name + ".m" + index;
    }

    int next() {
        return next;
    }

    /** Its first message was accepted (for the desk API: the case exists). */
    boolean open() {
        return open;
    }

    long caseId() {
        return caseId;
    }

    long userId() {
        return userId;
    }

    void opened(long caseId, long userId) {
        this.caseId = caseId;
        this.userId = userId;
        this.open = true;
    }

    /** The message at {@link #next()} has been answered (accepted or not): move on. */
    void advance() {
        next++;
    }

    boolean finished() {
        return next >= messages;
    }

    /** The customer text of a message: carries its key so an answer can name the message it answers. */
    static String text(String key) {
        return "bench " + key;
    }

    /** The key in a customer text or in an answer ({@code re bench <key>}), or null. */
    static String keyIn(String text) {
        if (text == null) {
            return null;
        }
        int at = text.lastIndexOf("bench ");
        if (at < 0) {
            return null;
        }
        String rest = text.substring(at + 6).trim();
        int end = rest.indexOf(' ');
        return end < 0 ? rest : rest.substring(0, end);
    }

    /** The conversation part of a key ({@code c12} of {@code c12.m3}). */
    static String conversationOf(String key) {
        int dot = key.lastIndexOf(".m");
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** The message index of a key (3 of {@code c12.m3}), -1 when it has none. */
    static int indexOf(String key) {
        int dot = key.lastIndexOf(".m");
        try {
            return dot < 0 ? -1 : Integer.parseInt(key.substring(dot + 2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
