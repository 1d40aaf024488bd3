package dev.switchboard.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Files on 127.0.0.1 for Switchboard to fetch (attachment_urls, a bot's file_operator message). */
public final class FileServer implements AutoCloseable {

    private record File(byte[] content, String contentType) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, File> files = new ConcurrentHashMap<>();

    public FileServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Serves {@code content} under a fresh path ending in {@code name}; returns its URL. */
    public String serve(String name, byte[] content, String contentType) {
        String path = "/files/" + UUID.randomUUID() + "/" + name;
        files.put(path, new File(content, contentType));
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        File file = files.get(exchange.getRequestURI().getPath());
        if (file == null) {
            exchange.sendResponseHeaders(404, -1);
        } else {
            exchange.getResponseHeaders().add("Content-Type", file.contentType());
            exchange.sendResponseHeaders(200, file.content().length);
            exchange.getResponseBody().write(file.content());
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
