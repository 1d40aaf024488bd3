package dev.switchboard.attachment;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.switchboard.desk.api.ApiException;

/**
 * Downloads a file named by URL ({@code attachment_urls}, a bot's or a channel's file) as a stream.
 * Only http(s), no redirects, no proxies, no retries; connecting, every wait for data and the
 * whole download are each bounded by {@code switchboard.files.fetch-timeout}. Unless
 * {@code switchboard.files.fetch-private-networks}, every address the host resolves to is checked
 * when the connection is made — by the resolver the connection itself uses, so a name that
 * resolves to a public address for a check and to an internal one for the fetch cannot get
 * through — and loopback, private, link-local and reserved addresses are refused: an API key
 * cannot make the server read internal services.
 */
@Component
public class UrlFetcher implements DisposableBean {

    private final CloseableHttpClient http;
    private final Duration timeout;

    public UrlFetcher(FileProperties properties) {
        this.timeout = properties.fetchTimeout();
        Timeout limit = Timeout.of(timeout);
        boolean privateAllowed = properties.fetchPrivateNetworks();
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
                for (InetAddress address : addresses) {
                    if (!privateAllowed && PrivateAddresses.isPrivate(address)) {
                        throw new PrivateAddressRefused(host);
                    }
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
            }
        };
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(limit).setSocketTimeout(limit).build())
                        .setMaxConnTotal(50).setMaxConnPerRoute(10).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(limit).setResponseTimeout(limit).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableAuthCaching().disableContentCompression().setUserAgent("Switchboard")
                .build();
    }

    /** An open download: read {@code content()}, then close it. */
    public static final class Download implements AutoCloseable {

        private final String fileName;
        private final String contentType;
        private final long length;
        private final ClassicHttpResponse response;
        private final Bounded content;

        Download(String fileName, String contentType, long length, ClassicHttpResponse response, Bounded content) {
            this.fileName = fileName;
            this.contentType = contentType;
            this.length = length;
            this.response = response;
            this.content = content;
        }

        /** The last segment of the URL's path, decoded; the store cleans it. */
        public String fileName() {
            return fileName;
        }

        /** The answer's Content-Type, or null. */
        public String contentType() {
            return contentType;
        }

        /** The announced Content-Length, or -1. */
        public long length() {
            return length;
        }

        public InputStream content() {
            return content;
        }

        /** Closes the connection at once unless the body was read to its end (never drains the rest). */
        @Override
        public void close() throws IOException {
            if (response instanceof CloseableHttpResponse closeable && !content.ended) {
                closeable.close(CloseMode.IMMEDIATE);
            } else {
                response.close();
            }
        }
    }

    /**
     * Starts a download. Refuses what is not an http(s) URL, what points into a private network,
     * and answers other than 200 (redirects are not followed) with a 400 naming {@code field}.
     */
    public Download fetch(String field, String url, Map<String, String> headers) {
        URI uri = parse(field, url);
        HttpGet request = new HttpGet(uri);
        headers.forEach(request::addHeader);
        long deadline = System.nanoTime() + timeout.toNanos();
        ClassicHttpResponse response;
        try {
            response = http.executeOpen(null, request, null);
        } catch (IOException e) {
            throw unreachable(field, url, e);
        }
        try {
            if (response.getCode() != 200) {
                throw ApiException.badRequest("attachment_unreachable", field + ": " + url + " answered HTTP "
                        + response.getCode());
            }
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                throw ApiException.badRequest("attachment_unreachable", field + ": " + url + " answered no content");
            }
            Header type = response.getFirstHeader("Content-Type");
            return new Download(fileName(uri), type == null ? null : type.getValue(), entity.getContentLength(),
                    response, new Bounded(entity.getContent(), deadline, timeout));
        } catch (IOException | RuntimeException e) {
            closeAtOnce(response);
            throw e instanceof IOException io ? unreachable(field, url, io) : (RuntimeException) e;
        }
    }

    private static URI parse(String field, String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ApiException.invalidField(field, "is not a valid URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw ApiException.invalidField(field, "must be http(s) URLs with a host: " + url);
        }
        return uri;
    }

    private static ApiException unreachable(String field, String url, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PrivateAddressRefused refused) {
                return ApiException.invalidField(field, "points into a private network: " + refused.getMessage());
            }
        }
        String why = e instanceof UnknownHostException ? "unknown host" : e.getClass().getSimpleName();
        return ApiException.badRequest("attachment_unreachable", field + ": " + url + " could not be read (" + why + ")");
    }

    private static void closeAtOnce(ClassicHttpResponse response) {
        if (response instanceof CloseableHttpResponse closeable) {
            closeable.close(CloseMode.IMMEDIATE);
        } else {
            try {
                response.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
        }
    }

    private static String fileName(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void destroy() {
        http.close(CloseMode.IMMEDIATE);
    }

    /** Thrown by the resolver for an address the fetch must not reach. */
    static final class PrivateAddressRefused extends UnknownHostException {
        PrivateAddressRefused(String host) {
            super(host);
        }
    }

    /** The body, refused once the whole download takes longer than the timeout; knows whether it ended. */
    static final class Bounded extends FilterInputStream {

        private final long deadline;
        private final Duration timeout;
        private boolean ended;

        Bounded(InputStream in, long deadline, Duration timeout) {
            super(in);
            this.deadline = deadline;
            this.timeout = timeout;
        }

        @Override
        public int read() throws IOException {
            check();
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check();
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        private void check() throws IOException {
            if (System.nanoTime() - deadline > 0) {
                throw new java.net.SocketTimeoutException("the download took longer than " + timeout);
            }
        }
    }
}
