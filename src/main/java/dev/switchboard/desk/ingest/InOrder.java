package dev.switchboard.desk.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.pipeline.PermanentDeliveryFailure;

/**
 * Keeps each conversation's order among the units of one batch of inbound messages. The units run
 * in order, shared commits rolled back and run again one by one, so a unit can fail while a later
 * one of its conversation would commit and be stored before it. A unit is therefore not run while
 * an earlier unit of its conversation has failed its last run: it fails with {@link HeldBack} and
 * comes again with that one. A message that can never be stored ({@link PermanentDeliveryFailure}:
 * dead-lettered) does not hold the later ones back. Units run on whichever thread leads a commit,
 * hence the concurrent map.
 */
final class InOrder {

    /** A unit not run because an earlier message of its conversation failed. */
    static final class HeldBack extends RuntimeException {
        HeldBack(String conversation) {
            super("behind a message of " + conversation + " that failed", null, false, false);
        }
    }

    /** By conversation, the position of its first unit whose last run failed. */
    private final Map<String, Integer> failed = new ConcurrentHashMap<>();
    private int units;

    /**
     * {@code work} for a message of {@code conversation} (its group key; null: no order to keep);
     * called for the batch's messages in their order.
     */
    Runnable unit(String conversation, Runnable work) {
        int position = units++;
        if (conversation == null) {
            return work;
        }
        return () -> {
            Integer earlier = failed.get(conversation);
            if (earlier != null && earlier < position) {
                throw new HeldBack(conversation);
            }
            try {
                work.run();
                failed.remove(conversation, position);
            } catch (PermanentDeliveryFailure e) {
                failed.remove(conversation, position);
                throw e;
            } catch (RuntimeException e) {
                failed.merge(conversation, position, Math::min);
                throw e;
            }
        };
    }
}
