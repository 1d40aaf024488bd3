package dev.switchboard.channel.custom;

import org.springframework.stereotype.Component;

import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.message.Author;
import dev.switchboard.desk.message.Message;
import dev.switchboard.pipeline.ChannelDelivery;

/**
 * Custom channels get everything the desk writes in their cases except the customer's own
 * messages: staff replies, notes (flagged) and rule messages (seed 004).
 */
@Component
public class CustomChannelDelivery implements ChannelDelivery {

    public static final String KIND = Channel.CUSTOM;
    public static final String QUEUE = "sb.outbound.custom-channel";

    @Override
    public String channelKind() {
        return KIND;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public String attemptEndpoint() {
        return "direct:custom-channel-webhook";
    }

    @Override
    public boolean carries(Channel channel, Message message) {
        return message.author() != Author.USER;
    }
}
