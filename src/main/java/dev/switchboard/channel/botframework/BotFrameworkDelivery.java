package dev.switchboard.channel.botframework;

import org.springframework.stereotype.Component;

import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.message.Author;
import dev.switchboard.desk.message.Message;
import dev.switchboard.pipeline.ChannelDelivery;

/** Bot Framework conversations get staff, bot and rule replies; never the customer's own messages or notes. */
@Component
public class BotFrameworkDelivery implements ChannelDelivery {

    public static final String QUEUE = "sb.outbound.botframework";

    @Override
    public String channelKind() {
        return BotFrameworkBots.KIND;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public String attemptEndpoint() {
        return "direct:botframework-reply";
    }

    /**
     * The Connector's answers that no retry changes: a malformed activity, a bot blocked or
     * removed from the conversation, a conversation that no longer exists, an activity too large.
     */
    @Override
    public boolean refusedForGood(int status) {
        return status == 400 || status == 403 || status == 404 || status == 405 || status == 413 || status == 415;
    }

    @Override
    public boolean carries(Channel channel, Message message) {
        return message.author() != Author.USER && !message.note();
    }
}
