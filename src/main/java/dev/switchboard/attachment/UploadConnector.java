package dev.switchboard.attachment;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * How the connector takes uploads.
 * <ul>
 * <li>A part's headers may be up to 8 KB (Tomcat's default is 512 bytes). A file's name travels
 * in its part's header: 512 bytes refused names of a little over 200 Cyrillic letters, and fewer
 * when a client percent-encodes them ({@code filename*=UTF-8''...}), with a misleading "too
 * large". Long names are accepted and shortened by the store instead. A larger configured
 * {@code server.tomcat.max-part-header-size} is kept.</li>
 * <li>{@code 100 Continue} is sent when the body is first read, not at once: a client that asks
 * before sending (curl does for bodies over 1 MB) learns that a body past the message limit is
 * refused by its Content-Length alone, without sending any of it.</li>
 * </ul>
 */
@Component
class UploadConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final int MAX_PART_HEADER_SIZE = 8 * 1024;

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setMaxPartHeaderSize(Math.max(connector.getMaxPartHeaderSize(), MAX_PART_HEADER_SIZE));
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setContinueResponseTiming("onRead");
            }
        });
    }
}
