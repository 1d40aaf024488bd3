package dev.switchboard.rules;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Deliveries;
import dev.switchboard.pipeline.DeliveryTarget;
import dev.switchboard.pipeline.Outbox;
import dev.switchboard.pipeline.PermanentDeliveryFailure;

/**
 * Rules' HTTP requests go through the durable pipeline like messages to customers: written to the
 * outbox with the rule pass, in order per case, retried with backoff, dead-lettered after the
 * budget — in a lane of their own per case, so a receiver that is down never holds up the replies
 * to the customer. The receiver (for holding a host that stops answering) is the URL's host and port.
 */
@Component("ruleHttpRequest")
public class RuleHttpDelivery implements DeliveryTarget {

    public static final String QUEUE = "sb.outbound.rule-http";

    private final Outbox outbox;
    private final ObjectMapper json;

    public RuleHttpDelivery(Outbox outbox, ObjectMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public String attemptEndpoint() {
        return "direct:rule-http-request";
    }

    /** Queues a request; returns its delivery id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String send(HttpCall call) {
        String deliveryId = Outbox.newDeliveryId();
        URI uri = URI.create(call.url());
        if (uri.getHost() == null) {
            // a placeholder made the host unusable: fail the rule now rather than its delivery for a day
            throw new IllegalArgumentException("the request's URL has no usable host once its placeholders are filled: "
                    + call.url());
        }
        String receiver = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        outbox.add(QUEUE, Deliveries.groupOf(call.caseId(), "rule-http"), receiver, deliveryId, call);
        return deliveryId;
    }

    /** Turns the queued call into the HTTP request (a step of the rule-http-request route). */
    public void prepare(Exchange exchange) {
        Attempt attempt = Attempt.of(exchange);
        HttpCall call;
        try {
            call = json.readValue(attempt.payload(), HttpCall.class);
        } catch (JsonProcessingException e) {
            throw new PermanentDeliveryFailure("the rule's request cannot be read: " + e.getOriginalMessage());
        }
        Message request = exchange.getMessage();
        request.removeHeaders("*");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Switchboard");
        headers.putAll(call.headers() == null ? Map.of() : call.headers());
        headers.forEach(request::setHeader);
        request.setHeader(Exchange.HTTP_METHOD, call.method());
        request.setHeader(Exchange.HTTP_URI, call.url());
        request.setHeader("X-Switchboard-Delivery", attempt.deliveryId());
        if (call.body() != null && !"GET".equals(call.method()) && !"DELETE".equals(call.method())) {
            request.setHeader(Exchange.CONTENT_TYPE, call.contentType());
            request.setBody(call.body());
        } else {
            request.setBody(null);
        }
    }
}
