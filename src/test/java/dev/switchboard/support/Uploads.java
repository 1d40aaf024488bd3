package dev.switchboard.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Multipart uploads to the desk API and downloads of file links, as a client does them: HTTP Basic
 * for the API, nothing for links (they carry their own signature).
 */
public final class Uploads {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String authorization;

    public Uploads(String base, String email, String apiKey) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((email + ":" + apiKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The administrator of a test application on {@code port}. */
    public static Uploads admin(int port) {
        return new Uploads("http://127.0.0.1:" + port, AppTest.ADMIN_EMAIL, AppTest.ADMIN_KEY);
    }

    /** POSTs a multipart body (with its Content-Length). */
    public DeskClient.Answer post(String path, Multipart form) {
        return post(path, form.contentType(), HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
    }

    /** POSTs a body read from a stream as it goes, chunked (no Content-Length): the server cannot know its size. */
    public DeskClient.Answer postStreamed(String path, String contentType, Supplier<InputStream> body) {
        return post(path, contentType, HttpRequest.BodyPublishers.ofInputStream(body));
    }

    public DeskClient.Answer post(String path, String contentType, HttpRequest.BodyPublisher body) {
        return post(path, contentType, body, false);
    }

    /**
     * With {@code expectContinue} the body is sent only after the server's 100 Continue: a server
     * that refuses by the headers alone (Content-Length past its limit) answers before any of it.
     */
    public DeskClient.Answer post(String path, String contentType, HttpRequest.BodyPublisher body,
            boolean expectContinue) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .expectContinue(expectContinue)
                .header("Authorization", authorization).header("Content-Type", contentType).POST(body).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new DeskClient.Answer(response.statusCode(), response.body(), json(response.body()), response);
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A downloaded link: status, headers, the bytes, and the body as JSON when it is JSON (errors). */
    public record Download(int status, HttpHeaders headers, byte[] bytes, JsonNode json) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** GETs a link without credentials. */
    public static Download download(String url) {
        return fetch(url, "GET");
    }

    public static Download fetch(String url, String method) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.startsWith("application/json")
                    ? json(new String(response.body(), StandardCharsets.UTF_8)) : MissingNode.getInstance();
            return new Download(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return body.isEmpty() ? MissingNode.getInstance() : DeskClient.JSON.readTree(body);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }
}
