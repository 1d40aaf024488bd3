package dev.switchboard.pipeline;

/** Names of the JMS properties and exchange properties a delivery carries. */
public final class DeliveryHeaders {

    /** JMS message group: one case's deliveries stay on one consumer, in order. */
    public static final String GROUP = "JMSXGroupID";
    /** Stable delivery id, the same on every attempt; receivers dedup on it. */
    public static final String DELIVERY_ID = "SbDeliveryId";
    /** The outbound queue a delivery belongs to. */
    public static final String QUEUE = "SbQueue";
    /** Who receives it (a channel code, ...): deliveries to a receiver that stopped answering wait together. */
    public static final String RECEIVER = "SbReceiver";

    /** Exchange property: the parked row being retried, absent on a first attempt. */
    public static final String PARKED_ID = "SbParkedId";
    /** Exchange property: what made the attempt fail (set by the attempt route's doCatch). */
    public static final String FAILURE = "SbFailure";

    private DeliveryHeaders() {
    }
}
