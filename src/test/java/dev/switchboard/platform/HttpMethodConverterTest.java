package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class HttpMethodConverterTest {

    @Test
    void camelFindsNoConverterForTheHeaderByItself() throws Exception {
        // the walk this class saves: should Camel ever register one, HttpMethodConverter can go
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            assertThat(camel.getTypeConverterRegistry().lookup(HttpMethods.class, String.class)).isNull();
        }
    }

    @Test
    void theHeaderAsTextIsReadAsTheMethodByTheRegisteredConverter() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            HttpMethodConverter.register(camel);
            camel.start();
            assertThat(camel.getTypeConverterRegistry().lookup(HttpMethods.class, String.class)).isNotNull();
            Exchange exchange = new DefaultExchange(camel);
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            assertThat(exchange.getIn().getHeader(Exchange.HTTP_METHOD, HttpMethods.class)).isEqualTo(HttpMethods.POST);
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, " patch ");
            assertThat(exchange.getIn().getHeader(Exchange.HTTP_METHOD, HttpMethods.class)).isEqualTo(HttpMethods.PATCH);
        }
    }

    @Test
    void anUnknownMethodIsAnErrorThatNamesIt() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            HttpMethodConverter.register(camel);
            camel.start();
            Exchange exchange = new DefaultExchange(camel);
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "FETCH");
            assertThatThrownBy(() -> exchange.getIn().getHeader(Exchange.HTTP_METHOD, HttpMethods.class))
                    .isInstanceOf(TypeConversionException.class).hasStackTraceContaining("no HTTP method FETCH");
        }
    }
}
