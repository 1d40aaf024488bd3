package dev.switchboard.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Receivers that stopped answering (no connection, a timeout) or asked to wait (429, 503 with
 * Retry-After) are held for a while: their deliveries are parked at once instead of each waiting
 * for its own timeout on a consumer thread that other cases share. Until a success releases it,
 * such a receiver is "in trouble" and retried by one probe at a time. Kept per node, in memory:
 * each node learns it from its own attempts.
 */
@Component
public class ReceiverHolds {

    private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();
    private final Set<String> inTrouble = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    public ReceiverHolds(Clock clock) {
        this.clock = clock;
    }

    public Optional<Instant> heldUntil(String receiver) {
        Instant until = receiver == null ? null : heldUntil.get(receiver);
        if (until == null) {
            return Optional.empty();
        }
        if (!until.isAfter(clock.instant())) {
            heldUntil.remove(receiver, until);
            return Optional.empty();
        }
        return Optional.of(until);
    }

    public void hold(String receiver, Instant until) {
        heldUntil.merge(receiver, until, (old, given) -> given.isAfter(old) ? given : old);
        inTrouble.add(receiver);
    }

    public void release(String receiver) {
        if (receiver != null) {
            heldUntil.remove(receiver);
            inTrouble.remove(receiver);
        }
    }

    /** Held at some point since its last success. */
    public boolean inTrouble(String receiver) {
        return inTrouble.contains(receiver);
    }

    /** The receivers held right now. */
    public List<String> held() {
        Instant now = clock.instant();
        return heldUntil.entrySet().stream().filter(e -> e.getValue().isAfter(now)).map(Map.Entry::getKey).toList();
    }
}
