package dev.switchboard.rules;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/**
 * Seed 001's bot platform, scripted: it receives the rules' webhooks, keeps files it can hand to
 * the desk by URL, and works the desk API as the bot staff member (HTTP Basic email:api_key, the
 * platform's channel_webhook_token) — answers with text, uploaded files or files by URL, and hands
 * a case off by removing the label "on bot".
 */
public final class BotPlatform implements AutoCloseable {

    /** Where the platform receives the rules' webhooks. */
    public static final String WEBHOOK_PATH = "/webhook/omnidesk";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final WebhookReceiver webhooks = new WebhookReceiver();
    private final HttpServer files;
    private final Map<String, byte[]> hosted = new ConcurrentHashMap<>();

    public BotPlatform() {
        try {
            files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        files.createContext("/files/", this::serve);
        files.start();
    }

    /** A fresh webhook path (one per test), or {@link #WEBHOOK_PATH}. */
    public String newWebhookPath() {
        return WEBHOOK_PATH + "/" + UUID.randomUUID();
    }

    public String webhookUrl(String path) {
        return webhooks.url(path);
    }

    /** The webhooks that arrived on a path, as JSON, in arrival order. */
    public List<JsonNode> received(String path) {
        return webhooks.delivered(path).stream().map(Webhooks::json).toList();
    }

    public List<WebhookReceiver.Hit> hits(String path) {
        return webhooks.delivered(path);
    }

    /** Keeps a file at a URL of the platform, for attachment_urls. */
    public String host(String fileName, byte[] content) {
        hosted.put(fileName, content);
        return "http://127.0.0.1:" + files.getAddress().getPort() + "/files/" + fileName;
    }

    /** The desk API as the bot staff member. */
    public Bot as(DeskClient desk, String email, String apiKey) {
        return new Bot(desk.as(email, apiKey), desk.base(), email, apiKey);
    }

    /** One bot staff member of the platform at work in the desk. */
    public record Bot(DeskClient api, String base, String email, String apiKey) {

        /** An answer to the customer ({@code POST /api/cases/{id}/messages.json}); links go in the text. */
        public DeskClient.Answer answer(long caseId, String content) {
            return api.post("/api/cases/" + caseId + "/messages.json", Map.of("message", Map.of("content", content)));
        }

        /** An answer with files the desk fetches from the platform ({@code attachment_urls}). */
        public DeskClient.Answer answerWithUrls(long caseId, String content, List<String> urls) {
            return api.post("/api/cases/" + caseId + "/messages.json",
                    Map.of("message", Map.of("content", content, "attachment_urls", urls)));
        }

        /** An answer with an uploaded file: multipart, {@code message[attachments][0]}. */
        public DeskClient.Answer answerWithUpload(long caseId, String content, String fileName, String type,
                byte[] file) {
            return Multipart.post(base, email, apiKey, "/api/cases/" + caseId + "/messages.json", "message",
                    Map.of("content", content), List.of(new Multipart.File(fileName, type, file)));
        }

        /** Hands the case to people (the platform's External Request): removes the label "on bot". */
        public DeskClient.Answer handOff(long caseId, long onBotLabelId) {
            return api.put("/api/cases/" + caseId + ".json",
                    Map.of("case", Map.of("delete_labels", List.of(onBotLabelId))));
        }
    }

    /** Downloads a link as a bot or a channel does: no login, the link's signature is the key. */
    public static Download download(String url) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Download(int status, String contentType, byte[] content) {
    }

    private void serve(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/files/".length());
        byte[] content = hosted.get(name);
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
        } else {
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
        }
        exchange.close();
    }

    @Override
    public void close() {
        webhooks.close();
        files.stop(0);
    }
}
