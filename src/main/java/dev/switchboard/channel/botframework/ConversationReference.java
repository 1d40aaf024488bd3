package dev.switchboard.channel.botframework;

import dev.switchboard.channel.botframework.model.ChannelAccount;
import dev.switchboard.channel.botframework.model.ConversationAccount;

/**
 * What Switchboard keeps of a Bot Framework conversation to answer in it, from the latest
 * authenticated activity: where (serviceUrl), as whom (the bot's account), to whom (the user who
 * wrote last) and to which activity the answer replies.
 */
public record ConversationReference(String bot, String serviceUrl, String channelId,
        ConversationAccount conversation, ChannelAccount botAccount, ChannelAccount user, String replyToId,
        String locale) {
}
