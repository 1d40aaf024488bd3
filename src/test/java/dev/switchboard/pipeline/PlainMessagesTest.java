package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.client.impl.ClientMessageImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQTextMessage;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

/** A delivery route works on a plain copy of the JMS message it consumed: same body, same headers. */
class PlainMessagesTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void aJmsMessageIsSwappedForAPlainOneWithItsBodyAndHeaders() throws Exception {
        // a text message as the broker hands it to a consumer
        ClientMessageImpl received = new ClientMessageImpl(Message.TEXT_TYPE, true, 0, System.currentTimeMillis(),
                (byte) 4, 1024);
        received.getBodyBuffer().writeNullableSimpleString(SimpleString.of("{\"delivery\":1}"));
        received.setGroupID("case-7"); // what JMSXGroupID is on Artemis
        received.putStringProperty(DeliveryHeaders.DELIVERY_ID, "d-1");
        ActiveMQTextMessage consumed = new ActiveMQTextMessage(received, null);
        consumed.doBeforeReceive();
        Exchange exchange = new DefaultExchange(camel);
        exchange.setIn(new JmsMessage(exchange, consumed, null, new JmsBinding()));

        PlainMessages.detach(exchange);

        assertThat(exchange.getIn()).isExactlyInstanceOf(DefaultMessage.class);
        assertThat(exchange.getIn().getBody()).isEqualTo("{\"delivery\":1}");
        assertThat(exchange.getIn().getHeader(DeliveryHeaders.GROUP)).isEqualTo("case-7");
        assertThat(exchange.getIn().getHeader(DeliveryHeaders.DELIVERY_ID)).isEqualTo("d-1");
        // a copy (the error handler makes one before every step) is plain too
        assertThat(exchange.copy().getIn()).isExactlyInstanceOf(DefaultMessage.class);
    }

    @Test
    void aMessageThatIsNotFromTheBrokerIsLeftAsItIs() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody("x");
        org.apache.camel.Message before = exchange.getIn();

        PlainMessages.detach(exchange);

        assertThat(exchange.getIn()).isSameAs(before);
    }
}
