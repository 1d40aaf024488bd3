package dev.switchboard.platform;

import java.time.Duration;

/**
 * Work refused before it ran because more than a lane's limit was already waiting for its commit
 * ({@link GroupCommit}): nothing of it is stored, and the caller may send it again shortly.
 */
public class Overloaded extends RuntimeException {

    /** How long a refused caller is asked to wait (a batch commits in milliseconds; a second lets the queue drain). */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    public Overloaded(String work, int maxWaiting) {
        // no stack trace: it is an answer, not a fault, and under overload many are made per second
        super("busy: " + maxWaiting + " requests like this one (" + work + ") are already waiting to be stored; "
                + "nothing of this one was stored, send it again after " + RETRY_AFTER.toSeconds() + " s",
                null, false, false);
    }
}
