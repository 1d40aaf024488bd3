package dev.switchboard.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A custom channel's webhook receiver played by a small local server. Each path is one channel;
 * its answer is programmable per attempt; every attempt is recorded with headers and body.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One POST that arrived, with the status it was answered. */
    public record Hit(String path, Map<String, String> headers, String body, int answered, long receivedAtNanos) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** Decides the answer to an attempt: a status, and optional headers. */
    public interface Behaviour {
        Reply answer(String path, String body, int attemptOnPath);
    }

    /** An answer: status and headers, after {@code delayMillis} (a slow or hanging receiver). */
    public record Reply(int status, Map<String, String> headers, long delayMillis) {
        public Reply(int status, Map<String, String> headers) {
            this(status, headers, 0);
        }

        public static Reply of(int status) {
            return new Reply(status, Map.of(), 0);
        }

        public static Reply after(long delayMillis, int status) {
            return new Reply(status, Map.of(), delayMillis);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final List<Hit> hits = new ArrayList<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A fresh path (one per channel) answering 200 until told otherwise. */
    public String newPath() {
        return "/hook/" + java.util.UUID.randomUUID();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void behave(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
    }

    /** All attempts on a path, in arrival order. */
    public List<Hit> hits(String path) {
        synchronized (hits) {
            return hits.stream().filter(h -> h.path().equals(path)).toList();
        }
    }

    /** The attempts on a path that were answered 2xx, in arrival order. */
    public List<Hit> delivered(String path) {
        return hits(path).stream().filter(h -> h.answered() >= 200 && h.answered() < 300).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        int attempt = attempts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Reply reply = behaviours.getOrDefault(path, (p, b, n) -> Reply.of(200)).answer(path, body, attempt);
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        synchronized (hits) {
            hits.add(new Hit(path, headers, body, reply.status(), System.nanoTime()));
        }
        if (reply.delayMillis() > 0) {
            try {
                Thread.sleep(reply.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] answer = "{\"result\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
