package dev.switchboard.channel.botframework;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import dev.switchboard.channel.botframework.model.Activity;
import dev.switchboard.channel.botframework.model.Attachment;
import dev.switchboard.channel.botframework.model.SuggestedActions;
import dev.switchboard.desk.ingest.Conversation;
import dev.switchboard.desk.ingest.ConversationRepository;
import dev.switchboard.desk.message.Button;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Outbound;
import dev.switchboard.pipeline.PermanentDeliveryFailure;

/**
 * Turns an {@link Outbound} into the Connector call that answers in its conversation:
 * {@code POST {serviceUrl}v3/conversations/{id}/activities/{replyToId}} with a {@code message}
 * Activity from the bot's account to the user, buttons as {@code suggestedActions}, files as
 * attachments (their download links), and the bot's bearer token. The serviceUrl is the one of
 * the conversation's latest authenticated activity, so the token only goes where the channel is.
 */
@Component("botFrameworkReply")
public class BotFrameworkReply {

    private static final String TOKEN = "SbConnectorToken";
    private static final String BOT = "SbConnectorBot";
    private static final String BODY = "SbConnectorBody";
    private static final String URL = "SbConnectorUrl";

    private final ConversationRepository conversations;
    private final ConnectorTokens tokens;
    private final ObjectMapper json;

    BotFrameworkReply(ConversationRepository conversations, ConnectorTokens tokens, ObjectMapper json) {
        this.conversations = conversations;
        this.tokens = tokens;
        this.json = json;
    }

    public void prepare(Exchange exchange) throws JsonProcessingException {
        Outbound out = read(Attempt.of(exchange));
        Conversation conversation = conversations.ofCase(out.caseId()).orElseThrow(() ->
                new PermanentDeliveryFailure("case " + out.caseId() + " has no Bot Framework conversation"));
        ConversationReference ref = json.readValue(conversation.reference(), ConversationReference.class);
        if (ref.serviceUrl() == null || ref.conversation() == null || ref.bot() == null) {
            throw new PermanentDeliveryFailure("the conversation of case " + out.caseId() + " cannot be answered");
        }
        Activity activity = Activity.message(ref.botAccount(), ref.user(), ref.conversation(), text(out),
                attachments(out), suggestedActions(out, ref), ref.replyToId());
        String base = ref.serviceUrl().endsWith("/") ? ref.serviceUrl() : ref.serviceUrl() + "/";
        String url = base + "v3/conversations/" + encode(ref.conversation().id()) + "/activities"
                + (ref.replyToId() == null ? "" : "/" + encode(ref.replyToId()));
        Message request = exchange.getMessage();
        request.removeHeaders("*");
        request.setBody(json.writeValueAsString(activity));
        request.setHeader(Exchange.HTTP_METHOD, "POST");
        request.setHeader(Exchange.HTTP_URI, url);
        request.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        request.setHeader("User-Agent", "Switchboard");
        exchange.setProperty(BOT, ref.bot());
        exchange.setProperty(BODY, request.getBody(String.class));
        exchange.setProperty(URL, url);
    }

    /**
     * The bot's token on the request (a route step inside the attempt's try): the identity
     * platform being away is a failed attempt, retried with backoff like the Connector being away.
     */
    public void authorize(Exchange exchange) {
        authorize(exchange, tokens.token(exchange.getProperty(BOT, String.class)));
    }

    /** After a 401: the token is dropped and the call goes again once with a fresh one (a route step). */
    public void renewToken(Exchange exchange) {
        String bot = exchange.getProperty(BOT, String.class);
        tokens.invalidate(bot, exchange.getProperty(TOKEN, String.class));
        String body = exchange.getProperty(BODY, String.class);
        String url = exchange.getProperty(URL, String.class);
        Message request = exchange.getMessage();
        request.removeHeaders("*");
        request.setBody(body);
        request.setHeader(Exchange.HTTP_METHOD, "POST");
        request.setHeader(Exchange.HTTP_URI, url);
        request.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        request.setHeader("User-Agent", "Switchboard");
        authorize(exchange, tokens.token(bot));
    }

    private static void authorize(Exchange exchange, String token) {
        exchange.setProperty(TOKEN, token);
        exchange.getMessage().setHeader("Authorization", "Bearer " + token);
    }

    /** A keyboard's numbered list is the text for channels without buttons; here the buttons are native. */
    private static String text(Outbound out) {
        boolean keyboardOnly = out.buttons() != null && !out.buttons().isEmpty()
                && Button.numbered(out.buttons()).equals(out.content());
        return keyboardOnly ? null : out.content();
    }

    private static List<Attachment> attachments(Outbound out) {
        if (out.attachments() == null || out.attachments().isEmpty()) {
            return null;
        }
        return out.attachments().stream().map(a -> Attachment.file(a.contentType(), a.url(), a.fileName())).toList();
    }

    private static SuggestedActions suggestedActions(Outbound out, ConversationReference ref) {
        if (out.buttons() == null || out.buttons().isEmpty()) {
            return null;
        }
        List<SuggestedActions.CardAction> actions = out.buttons().stream().flatMap(List::stream)
                .map(b -> SuggestedActions.CardAction.imBack(b.text())).toList();
        return new SuggestedActions(ref.user() == null ? null : List.of(ref.user().id()), actions);
    }

    private Outbound read(Attempt attempt) {
        try {
            return json.readValue(attempt.payload(), Outbound.class);
        } catch (JsonProcessingException e) {
            throw new PermanentDeliveryFailure("the delivery's message cannot be read: " + e.getOriginalMessage());
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
