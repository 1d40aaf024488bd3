package dev.switchboard.channel.botframework;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import dev.switchboard.channel.botframework.model.Activity;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.pipeline.ChannelInbound;
import dev.switchboard.pipeline.ChannelRefused;
import dev.switchboard.pipeline.DeliveryHeaders;
import dev.switchboard.pipeline.Inbound;

/**
 * The step of route {@code botframework-inbound}: authenticates the request, reads the Activity
 * and leaves on the exchange the {@link Inbound} to put on the broker (JSON, grouped by
 * conversation), or marks it {@link #IGNORED} for types Switchboard does not use. Nothing of the
 * request's own headers travels on (the bearer token stays here).
 */
@Component("botFrameworkInbound")
public class BotFrameworkInbound implements ChannelInbound {

    /** Header set when the activity needs nothing stored (typing, invoke, ...): answered 200 anyway. */
    public static final String IGNORED = "SbIgnored";

    private final BotFrameworkBots bots;
    private final ConnectorAuthentication authentication;
    private final ActivityMapper mapper;
    private final ConnectorTokens tokens;
    private final BotFrameworkProperties properties;
    private final ObjectMapper json;

    BotFrameworkInbound(BotFrameworkBots bots, ConnectorAuthentication authentication, ActivityMapper mapper,
            ConnectorTokens tokens, BotFrameworkProperties properties, ObjectMapper json) {
        this.bots = bots;
        this.authentication = authentication;
        this.mapper = mapper;
        this.tokens = tokens;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public String channelKind() {
        return BotFrameworkBots.KIND;
    }

    public void receive(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        String name = message.getHeader("bot", String.class);
        BotFrameworkProperties.Bot bot = bots.bot(name).orElseThrow(() ->
                new ChannelRefused(404, "bot_not_found", "no Bot Framework bot " + name + " is configured"));
        byte[] body = message.getBody(byte[].class);
        // MessagingEndpointBodyLimit refuses larger bodies before Camel reads them; this holds if it is not there
        if (body != null && body.length > properties.maxBodySize().toBytes()) {
            throw new ChannelRefused(413, "payload_too_large", "an activity may be at most "
                    + properties.maxBodySize().toKilobytes() + " KB");
        }
        ConnectorAuthentication.Verified verified = bot.authenticated()
                ? authentication.verify(message.getHeader("Authorization", String.class), bot) : null;
        Activity activity = read(body);
        // an activity that is not one (400) before whether the token covers it (403); mapping stores nothing
        Optional<Inbound> inbound = mapper.map(name, activity);
        if (verified != null) {
            authentication.coversActivity(verified, activity.serviceUrl(), activity.channelId());
        }
        message.removeHeaders("*");
        if (inbound.isEmpty()) {
            message.setHeader(IGNORED, true);
            message.setBody(null);
            return;
        }
        message.setHeader(DeliveryHeaders.GROUP, inbound.get().groupKey());
        message.setBody(json.writeValueAsString(inbound.get()));
    }

    /** The bot's token, for a user's file on the channel's own service. */
    @Override
    public Map<String, String> fileHeaders(Channel channel, Inbound.File file) {
        return bots.nameOf(channel.code())
                .map(name -> Map.of("Authorization", "Bearer " + tokens.token(name)))
                .orElse(Map.of());
    }

    private Activity read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ChannelRefused(400, "missing_body", "the request needs an Activity as JSON");
        }
        try {
            Activity activity = json.readValue(body, Activity.class);
            if (activity == null) {
                // the JSON literal null reads as no activity at all
                throw new ChannelRefused(400, "invalid_json", "the body is not an Activity in JSON");
            }
            return activity;
        } catch (java.io.IOException e) {
            throw new ChannelRefused(400, "invalid_json", "the body is not an Activity in JSON");
        }
    }
}
