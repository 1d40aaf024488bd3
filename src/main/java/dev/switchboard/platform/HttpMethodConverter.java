package dev.switchboard.platform;

import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.SimpleTypeConverter;
import org.springframework.stereotype.Component;

/**
 * Converts the {@code CamelHttpMethod} header from text to camel-http's {@link HttpMethods} in one
 * look-up. Routes set the header as text ({@code POST}, in Java and in YAML), and camel-http reads
 * it as the enum for every request it sends. Camel 4.18 has no converter for that pair, so each
 * read walked the whole converter registry — every pair, several times over, with their
 * interfaces — before its enum fallback matched the name: 6.5 % of Switchboard's CPU at
 * saturation, one such walk per delivery (JFR, 2026-12-08). A converter registered for exactly
 * that pair is what the registry's first look finds; users' routes get it too.
 */
@Component
class HttpMethodConverter implements CamelContextConfiguration {

    @Override
    public void beforeApplicationStart(CamelContext context) {
        register(context);
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing: the converter is in place before the routes start
    }

    static void register(CamelContext context) {
        context.getTypeConverterRegistry().addTypeConverter(HttpMethods.class, String.class,
                new SimpleTypeConverter(false, (type, exchange, value) -> of((String) value)));
    }

    /** The method named (any case, surrounding blanks ignored), as Camel's enum conversion reads it. */
    static HttpMethods of(String name) {
        try {
            return HttpMethods.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no HTTP method " + name, e);
        }
    }
}
