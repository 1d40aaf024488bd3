package dev.switchboard.channel.botframework;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.switchboard.desk.api.ApiError;

/**
 * Holds the messaging endpoints' bodies to {@code switchboard.botframework.max-body-size} before
 * anything reads them. Camel's platform-http copies a request's whole body into memory, through
 * {@code getReader()}, before the route's first step, so a limit checked in the route comes too
 * late: anyone could post gigabytes to the public endpoint. Here the body is read up to one byte
 * past the limit (413 beyond it) and handed on from that buffer. A body that says it is not JSON
 * is refused (415) before anything reads it: platform-http would parse a form body into
 * parameters first, and fail on a charset it cannot decode.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class MessagingEndpointBodyLimit extends OncePerRequestFilter {

    private static final String PATH = "/channels/botframework/";

    private final BotFrameworkProperties properties;
    private final ObjectMapper json;

    MessagingEndpointBodyLimit(BotFrameworkProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isMessagingEndpoint(request);
    }

    /** An activity posted to a bot's messaging endpoint (or to a path under it, which is answered 404). */
    static boolean isMessagingEndpoint(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "POST".equals(request.getMethod()) && path.startsWith(PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!json(request.getContentType())) {
            ApiError.write(json, response, PATH, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "an activity is sent as application/json");
            return;
        }
        long limit = properties.maxBodySize().toBytes();
        if (request.getContentLengthLong() > limit) {
            tooLarge(response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(Math.toIntExact(limit + 1));
        if (body.length > limit) {
            tooLarge(response);
            return;
        }
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /** No Content-Type is read as JSON, as the Connector always sends it. */
    static boolean json(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype() && (MediaType.APPLICATION_JSON.includes(type)
                    || type.getSubtype().endsWith("+json"));
        } catch (org.springframework.http.InvalidMediaTypeException unparseable) {
            return false;
        }
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        ApiError.write(json, response, PATH, HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
                "an activity may be at most " + properties.maxBodySize().toKilobytes() + " KB");
    }

    /** The request with its body read: stream and reader both serve the buffer. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), charset(getCharacterEncoding())));
        }

        private static Charset charset(String encoding) {
            try {
                return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException unknown) {
                return StandardCharsets.UTF_8;
            }
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
