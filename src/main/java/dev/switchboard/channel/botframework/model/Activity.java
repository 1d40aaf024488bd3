package dev.switchboard.channel.botframework.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A Bot Framework Activity (botframework-activity spec), the fields Switchboard reads or writes.
 * Unknown fields are ignored on the way in; absent ones are left out on the way out.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Activity(
        String type,
        String id,
        String timestamp,
        String serviceUrl,
        String channelId,
        ChannelAccount from,
        ChannelAccount recipient,
        ConversationAccount conversation,
        String text,
        String textFormat,
        String locale,
        List<Attachment> attachments,
        List<JsonNode> entities,
        String replyToId,
        List<ChannelAccount> membersAdded,
        List<ChannelAccount> membersRemoved,
        String action,
        SuggestedActions suggestedActions) {

    public static final String MESSAGE = "message";
    public static final String CONVERSATION_UPDATE = "conversationUpdate";
    public static final String CONTACT_RELATION_UPDATE = "contactRelationUpdate";
    public static final String END_OF_CONVERSATION = "endOfConversation";

    /** An outgoing message activity. */
    public static Activity message(ChannelAccount from, ChannelAccount recipient, ConversationAccount conversation,
            String text, List<Attachment> attachments, SuggestedActions suggestedActions, String replyToId) {
        return new Activity(MESSAGE, null, null, null, null, from, recipient, conversation, text,
                text == null ? null : "plain", null, attachments, null, replyToId, null, null, null, suggestedActions);
    }
}
