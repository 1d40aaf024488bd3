package dev.switchboard.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.support.DefaultMessage;

/**
 * Swaps the JMS message a delivery route consumed for a plain Camel message with the same body and
 * headers (route configuration {@code delivery}, first thing in each route that consumes from the
 * broker). A delivery route's error handler copies the exchange before every step, so that a step
 * retried in place starts from what it got; a copy of a JMS message wraps the JMS message again and
 * asks it for its redelivery flag, which was a twentieth of a round trip's CPU. The route needs
 * nothing of the JMS message but its body and headers; the consumer's session, which acknowledges
 * it, is not touched.
 */
public final class PlainMessages {

    private PlainMessages() {
    }

    public static void detach(Exchange exchange) {
        Message in = exchange.getIn();
        if (in instanceof JmsMessage) {
            DefaultMessage plain = new DefaultMessage(exchange);
            plain.setMessageId(in.getMessageId());
            plain.getHeaders().putAll(in.getHeaders());
            plain.setBody(in.getBody());
            exchange.setIn(plain);
        }
    }
}
