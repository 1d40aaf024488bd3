package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;

/**
 * Everything Switchboard calls during a bad-input run, on one server on 127.0.0.1: the custom
 * channels' webhooks ({@code /hook/<name>}), the bots' webhooks ({@code /bot/<name>}) and a file
 * server for {@code attachment_urls} ({@code /file/<name>}; {@code /file/missing} is a 404).
 * Every call is counted: a refused request must cause none.
 */
final class BadInputPeers implements AutoCloseable {

    static final byte[] FILE = "a small file for bad-input runs\n".getBytes(StandardCharsets.UTF_8);

    /** One call of a webhook: its path and body. */
    record Call(String path, String body) {
    }

    private final LoopbackServer server;
    private final AtomicLong calls = new AtomicLong();
    private final Map<String, AtomicLong> byPath = new ConcurrentHashMap<>();
    private final List<Call> recent = new CopyOnWriteArrayList<>();

    BadInputPeers() {
        server = new LoopbackServer("badinput-peers", 4, this::handle);
    }

    String url(String path) {
        return server.url(path);
    }

    int port() {
        return server.port();
    }

    /** Webhook calls so far (file downloads are not counted). */
    long calls() {
        return calls.get();
    }

    long calls(String path) {
        AtomicLong n = byPath.get(path);
        return n == null ? 0 : n.get();
    }

    /** The latest calls (at most 200), oldest first. */
    List<Call> recent() {
        return List.copyOf(recent);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/file/")) {
            LoopbackServer.body(exchange);
            if (path.equals("/file/missing")) {
                LoopbackServer.answer(exchange, 404, new byte[0]);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, FILE.length);
            exchange.getResponseBody().write(FILE);
            exchange.close();
            return;
        }
        String body = LoopbackServer.body(exchange);
        byPath.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
        recent.add(new Call(path, body));
        while (recent.size() > 200) {
            recent.remove(0);
        }
        calls.incrementAndGet();
        LoopbackServer.answer(exchange, 200, LoopbackServer.OK);
    }

    @Override
    public void close() {
        server.close();
    }
}
