package dev.switchboard.pipeline;

/** A delivery that no retry can help (its channel is gone or inactive): it is dead-lettered at once. */
public class PermanentDeliveryFailure extends RuntimeException {

    public PermanentDeliveryFailure(String reason) {
        super(reason);
    }
}
