package dev.switchboard.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.switchboard.desk.api.ApiException;

/**
 * Downloads a file named by URL ({@code attachment_urls}, a bot's {@code file_operator}, a channel's
 * attachment) as a stream. Only http(s), no redirects, bounded time; addresses in private, loopback
 * and link-local networks are refused unless {@code switchboard.files.fetch-private-networks}, so an
 * API key cannot make the server read internal services.
 */
@Component
public class UrlFetcher {

    /** An open download: read {@code content}, then close it. */
    public record Download(String fileName, String contentType, InputStream content) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            content.close();
        }
    }

    private final FileProperties properties;
    private final HttpClient http;

    public UrlFetcher(FileProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Download fetch(String field, String url, Map<String, String> headers) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field, "is not a valid URL: " + url);
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw ApiException.invalidField(field, "must be http(s) URLs: " + url);
        }
        refusePrivate(field, uri);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(properties.fetchTimeout()).GET();
            headers.forEach(request::header);
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() / 100 != 2) {
                response.body().close();
                throw ApiException.badRequest("attachment_unreachable", field + ": " + url + " answered HTTP "
                        + response.statusCode());
            }
            String type = response.headers().firstValue("Content-Type").orElse(null);
            return new Download(fileName(uri), type, response.body());
        } catch (IOException e) {
            throw ApiException.badRequest("attachment_unreachable", field + ": " + url + " could not be read ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.badRequest("attachment_unreachable", field + ": interrupted");
        }
    }

    private void refusePrivate(String field, URI uri) {
        if (properties.fetchPrivateNetworks()) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress()
                        || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc)) {
                    throw ApiException.invalidField(field, "points into a private network: " + uri.getHost());
                }
            }
        } catch (java.net.UnknownHostException e) {
            throw ApiException.badRequest("attachment_unreachable", field + ": unknown host " + uri.getHost());
        }
    }

    private static String fileName(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return URLDecoder.decode(last, StandardCharsets.UTF_8);
    }
}
