package dev.switchboard.bench;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Conversations waiting for their next message. Taking one hands it to a single sender until it
 * is given back (after its POST was answered), so a conversation never has two messages on the
 * way. A finished conversation is replaced by a new one, keeping the number going at once; when
 * every conversation is busy, a new one is started (counted as {@link #extra()}).
 */
final class ConversationPool {

    private final Ledger ledger;
    private final String prefix;
    private final int messages;
    private final Queue<Conversation> idle = new ConcurrentLinkedQueue<>();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong extra = new AtomicLong();

    ConversationPool(Ledger ledger, String prefix, int conversations, int messages) {
        this.ledger = ledger;
        this.prefix = prefix;
        this.messages = messages;
        for (int i = 0; i < conversations; i++) {
            idle.add(fresh());
        }
    }

    private Conversation fresh() {
        started.incrementAndGet();
        return ledger.newConversation(prefix, messages);
    }

    Conversation take() {
        Conversation conversation = idle.poll();
        if (conversation == null) {
            extra.incrementAndGet();
            return fresh();
        }
        return conversation;
    }

    /** Back after its POST was answered; a finished one (or one whose case could not be opened) is replaced. */
    void giveBack(Conversation conversation) {
        idle.add(conversation.finished() || conversation.next() > 0 && !conversation.open() ? fresh() : conversation);
    }

    long started() {
        return started.get();
    }

    long extra() {
        return extra.get();
    }
}
