package dev.switchboard.pipeline;

/** Names of the JMS properties and exchange properties a delivery carries. */
public final class DeliveryHeaders {

    /** JMS message group: one case's deliveries stay on one consumer, in order. */
    public static final String GROUP = "JMSXGroupID";
    /** Stable delivery id, the same on every attempt; receivers dedup on it. */
    public static final String DELIVERY_ID = "SbDeliveryId";
    /** The outbound queue a delivery belongs to. */
    public static final String QUEUE = "SbQueue";

    /** Exchange property: the parked row being retried, absent on a first attempt. */
    public static final String PARKED_ID = "SbParkedId";
    /** Exchange property: true once the receiver accepted the delivery. */
    public static final String DELIVERED = "SbDelivered";

    private DeliveryHeaders() {
    }
}
