package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.switchboard.support.SwitchboardTest;

/** Switchboard's Camel context has the header's converter before its routes send anything. */
class HttpMethodConverterInAppTest extends SwitchboardTest {

    @Autowired
    private CamelContext camel;

    @Test
    void theRunningContextReadsTheHeaderByTheRegisteredConverter() {
        assertThat(camel.getTypeConverterRegistry().lookup(HttpMethods.class, String.class)).isNotNull();
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        assertThat(exchange.getIn().getHeader(Exchange.HTTP_METHOD, HttpMethods.class)).isEqualTo(HttpMethods.POST);
    }
}
