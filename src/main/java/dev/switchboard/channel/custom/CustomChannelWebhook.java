package dev.switchboard.channel.custom;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import dev.switchboard.channel.custom.model.MessageNewEvent;
import dev.switchboard.desk.api.DeskDates;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.channel.ChannelRepository;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Outbound;
import dev.switchboard.pipeline.PermanentDeliveryFailure;

/**
 * Turns an {@link Outbound} into the HTTP request of a custom channel's webhook: seed 004's
 * {@code message_new} body as JSON or form fields (per channel), the delivery id, timestamp and
 * HMAC signature headers, and the channel's current URL (so a corrected URL applies to retries).
 */
@Component("customChannelWebhook")
public class CustomChannelWebhook {

    static final String JSON = "json";
    static final String FORM = "form";

    private final ChannelRepository channels;
    private final ObjectMapper json;
    private final DeskDates dates;
    private final Clock clock;

    public CustomChannelWebhook(ChannelRepository channels, ObjectMapper json, DeskDates dates, Clock clock) {
        this.channels = channels;
        this.json = json;
        this.dates = dates;
        this.clock = clock;
    }

    public void prepare(Exchange exchange) throws JsonProcessingException {
        Attempt attempt = Attempt.of(exchange);
        Outbound outbound = read(attempt);
        Channel channel = channels.findByCode(outbound.channel())
                .orElseThrow(() -> new PermanentDeliveryFailure("channel " + outbound.channel() + " no longer exists"));
        if (!channel.active()) {
            throw new PermanentDeliveryFailure("channel " + channel.code() + " is deactivated");
        }
        MessageNewEvent event = event(outbound);
        boolean form = FORM.equals(channel.webhookFormat());
        String body = form ? FormEncoding.encode(json.convertValue(event, Map.class)) : json.writeValueAsString(event);
        long timestamp = clock.instant().getEpochSecond();

        Message request = exchange.getMessage();
        request.removeHeaders("*");
        request.setBody(body);
        request.setHeader(Exchange.HTTP_METHOD, "POST");
        request.setHeader(Exchange.HTTP_URI, channel.webhookUrl());
        request.setHeader(Exchange.CONTENT_TYPE,
                form ? "application/x-www-form-urlencoded; charset=utf-8" : "application/json; charset=utf-8");
        request.setHeader("User-Agent", "Switchboard");
        request.setHeader(WebhookSignature.DELIVERY_HEADER, outbound.deliveryId());
        request.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        request.setHeader(WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(channel.webhookSecret(), timestamp, body));
    }

    private Outbound read(Attempt attempt) {
        try {
            return json.readValue(attempt.payload(), Outbound.class);
        } catch (JsonProcessingException e) {
            throw new PermanentDeliveryFailure("the delivery's message cannot be read: " + e.getOriginalMessage());
        }
    }

    private MessageNewEvent event(Outbound out) {
        return new MessageNewEvent(MessageNewEvent.TYPE, new MessageNewEvent.Item(
                out.messageId(), out.caseId(), out.caseNumber(), out.staffId() == null ? 0 : out.staffId(),
                out.userId(), out.userCustomId() == null ? "" : out.userCustomId(),
                out.content() == null ? "" : out.content(), out.contentHtml() == null ? "" : out.contentHtml(),
                out.note() ? 1 : 0, out.sentViaRule() ? 1 : 0, dates.format(out.createdAt()),
                out.attachments().stream().map(a -> new MessageNewEvent.Attachment(a.fileName(), a.contentType(),
                        a.size(), a.url())).toList(),
                out.buttons() == null ? List.of() : out.buttons().stream().map(row -> row.stream()
                        .map(b -> new MessageNewEvent.Button(b.id(), b.text())).toList()).toList()));
    }
}
