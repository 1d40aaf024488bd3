package dev.switchboard.bot;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.channel.custom.WebhookSignature;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Deliveries;
import dev.switchboard.pipeline.DeliveryTarget;
import dev.switchboard.pipeline.Outbox;
import dev.switchboard.pipeline.PermanentDeliveryFailure;

/**
 * Events for bots (new_chat, new_message) go through the durable pipeline: written to the outbox
 * with the change that causes them, in order per case (in a lane of their own, so a bot that is
 * down never holds up the customer's replies), retried with backoff. An event queued for an
 * ownership that has ended (the chat went to people, or was taken anew) is dropped, not delivered.
 */
@Component("botWebhook")
public class BotWebhook implements DeliveryTarget {

    public static final String QUEUE = "sb.outbound.bot";
    static final String LANE = "bot";

    /** What is queued: the event and the ownership it belongs to (owned_since in epoch microseconds). */
    record Delivery(long botId, long caseId, long ownedSince, JsonNode event) {
    }

    private final BotRepository bots;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    BotWebhook(BotRepository bots, Outbox outbox, ObjectMapper json, Clock clock) {
        this.bots = bots;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public String attemptEndpoint() {
        return "direct:bot-webhook";
    }

    /** Queues an event for the bot that owns {@code chat}; returns its delivery id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String send(BotChat chat, Object event) {
        String deliveryId = Outbox.newDeliveryId();
        outbox.add(QUEUE, Deliveries.groupOf(chat.caseId(), LANE), Bot.receiverOf(chat.botId()), deliveryId,
                new Delivery(chat.botId(), chat.caseId(), micros(chat.ownedSince()), json.valueToTree(event)));
        return deliveryId;
    }

    /** False when the bot no longer owns the chat as it did when the event was queued (a route step). */
    public boolean stillWanted(Exchange exchange) {
        Delivery delivery = read(Attempt.of(exchange));
        return bots.chatOf(delivery.caseId())
                .filter(c -> c.botId() == delivery.botId() && micros(c.ownedSince()) == delivery.ownedSince())
                .isPresent();
    }

    /** The signed POST of the event to the bot's current webhook URL (a route step). */
    public void prepare(Exchange exchange) throws JsonProcessingException {
        Attempt attempt = Attempt.of(exchange);
        Delivery delivery = read(attempt);
        Bot bot = bots.findById(delivery.botId())
                .orElseThrow(() -> new PermanentDeliveryFailure("bot " + delivery.botId() + " no longer exists"));
        String body = json.writeValueAsString(delivery.event());
        long timestamp = clock.instant().getEpochSecond();
        Message request = exchange.getMessage();
        request.removeHeaders("*");
        request.setBody(body);
        request.setHeader(Exchange.HTTP_METHOD, "POST");
        request.setHeader(Exchange.CONTENT_TYPE, "application/json");
        request.setHeader("User-Agent", "Switchboard");
        request.setHeader("X-Bot-API-Dialect", "Webim Standard");
        request.setHeader("X-Bot-API-Version", "2.0");
        request.setHeader(WebhookSignature.DELIVERY_HEADER, attempt.deliveryId());
        request.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        request.setHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(bot.webhookSecret(), timestamp, body));
        target(bot.webhookUrl(), request);
    }

    /** A bot that answered is reachable again. */
    @Override
    public void delivered(Attempt attempt) {
        if (attempt.receiver() != null && attempt.receiver().startsWith("bot-")) {
            bots.markReachable(Long.parseLong(attempt.receiver().substring(4)));
        }
    }

    /** Credentials in the URL (user:password@host, as bot platforms hand them out) become Basic auth. */
    private static void target(String url, Message request) {
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() == null) {
                request.setHeader(Exchange.HTTP_URI, url);
                return;
            }
            String userInfo = java.net.URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
            request.setHeader("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
            // the URL as given, without the credentials: rebuilt from its raw (still encoded) parts,
            // so an encoded "/" or "&" in its path or query keeps its meaning
            String authority = uri.getRawAuthority();
            String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
            request.setHeader(Exchange.HTTP_URI, uri.getScheme() + "://" + hostAndPort
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (URISyntaxException e) {
            throw new PermanentDeliveryFailure("the bot's webhook URL is not valid");
        }
    }

    private Delivery read(Attempt attempt) {
        try {
            return json.readValue(attempt.payload(), Delivery.class);
        } catch (JsonProcessingException e) {
            throw new PermanentDeliveryFailure("the bot event cannot be read: " + e.getOriginalMessage());
        }
    }

    static long micros(OffsetDateTime time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant());
    }
}
