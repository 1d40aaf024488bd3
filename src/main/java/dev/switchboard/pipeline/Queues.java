package dev.switchboard.pipeline;

/** Queues of the broker that are not a single channel's. */
public final class Queues {

    /** Deliveries given up after their retry budget, or that no retry could help; replayable. */
    public static final String DEAD = "sb.dead";

    private Queues() {
    }
}
