package dev.switchboard.pipeline;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * The answers of channels' inbound routes: 200 once the message is on the broker, a 4xx with
 * {@code {"error","description"}} for a refused request, 503 with Retry-After when the broker
 * cannot take it (the channel sends it again later). Never a stack trace.
 */
@Component("inboundAnswers")
public class InboundAnswers {

    /** Seconds a channel is asked to wait before it sends a message that could not be taken now. */
    public static final String RETRY_AFTER = "5";

    private static final Logger log = LoggerFactory.getLogger(InboundAnswers.class);
    private final ObjectMapper json;

    InboundAnswers(ObjectMapper json) {
        this.json = json;
    }

    public void accepted(Exchange exchange) {
        answer(exchange.getMessage(), 200, null);
    }

    /** For a {@link ChannelRefused} caught by the route. */
    public void refused(Exchange exchange) throws JsonProcessingException {
        ChannelRefused refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ChannelRefused.class);
        log.debug("SB-6004 inbound request refused {} {}: {}", refused.status(), refused.code(), refused.getMessage());
        answer(exchange.getMessage(), refused.status(), json.writeValueAsString(Map.of("error", refused.code(),
                "description", refused.getMessage())));
    }

    /**
     * The message could not be taken now (the broker, or a channel's key server, is away): the
     * channel must send it again. Any other failure ends here too, so the log names the root cause.
     */
    public void unavailable(Exchange exchange) throws JsonProcessingException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        // Spring's JMS wrapper says only "Uncategorized exception": the broker's own reason is at the root
        log.warn("SB-6005 inbound message not accepted, answered 503: {}", cause == null ? ""
                : cause.getClass().getSimpleName() + " caused by " + NestedExceptionUtils.getMostSpecificCause(cause));
        Message message = exchange.getMessage();
        answer(message, 503, json.writeValueAsString(Map.of("error", "unavailable",
                "description", "the message could not be stored; send it again later")));
        message.setHeader("Retry-After", RETRY_AFTER);
    }

    private static void answer(Message message, int status, String body) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (body != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        message.setBody(body == null ? "" : body);
    }
}
