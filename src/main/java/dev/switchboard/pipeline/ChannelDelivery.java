package dev.switchboard.pipeline;

import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.message.Message;

/**
 * A channel kind's way back to the customer. Adding a channel = one bean of this type plus its
 * delivery route; the desk core does not change.
 */
public interface ChannelDelivery extends DeliveryTarget {

    /** The channel kind handled, e.g. {@code custom}. */
    String channelKind();

    /** Whether this message travels to the channel at all (notes, for example, may not). */
    boolean carries(Channel channel, Message message);
}
