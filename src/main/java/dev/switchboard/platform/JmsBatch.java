package dev.switchboard.platform;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of an exchange of a {@code jmsbatch:} route: messages one consumer took off a queue in
 * one JMS transaction, in the order the broker gave them (a message group's messages in its order).
 * The transaction commits once the exchange has completed, and rolls back if it failed: then the
 * broker gives all of them again.
 * <p>
 * A step that handles the messages one by one marks each handled one settled, so that when the
 * error handler runs the step again (the database was away) it does not handle it twice.
 */
public final class JmsBatch {

    /** One message: its broker id, its group ({@code JMSXGroupID}, may be null) and its text. */
    public record Message(String id, String group, String body) {
    }

    private final List<Message> messages;
    private final Set<String> settled = new HashSet<>();

    public JmsBatch(List<Message> messages) {
        this.messages = List.copyOf(messages);
    }

    /** All messages, in order. */
    public List<Message> messages() {
        return messages;
    }

    /** The messages not settled yet, in order. */
    public List<Message> unsettled() {
        return messages.stream().filter(m -> !settled.contains(m.id())).toList();
    }

    /** Marks {@code message} handled: a step run again skips it. */
    public void settle(Message message) {
        settled.add(message.id());
    }

    public int size() {
        return messages.size();
    }

    @Override
    public String toString() {
        return "JmsBatch of " + messages.size() + " messages (" + settled.size() + " settled)";
    }
}
