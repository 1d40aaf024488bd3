package dev.switchboard.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The far end of {@code attachment_urls}: a local server (127.0.0.1) serving files, errors,
 * redirects, endless bodies and bodies that stop in the middle, each on its own path. Records
 * every request with its headers.
 */
public final class FileServer implements AutoCloseable {

    /** A request that arrived. */
    public record Hit(String path, Map<String, String> headers) {
    }

    private interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();

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

    public int port() {
        return server.getAddress().getPort();
    }

    /** A fresh path ending in {@code fileName} (unanswered paths get 404). */
    public String path(String fileName) {
        return "/f/" + UUID.randomUUID() + "/" + fileName;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Serves {@code content} with a Content-Length; {@code contentType} null sends none. */
    public String serve(String path, String contentType, byte[] content) {
        answers.put(path, exchange -> {
            if (contentType != null) {
                exchange.getResponseHeaders().add("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(200, content.length == 0 ? -1 : content.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content);
            }
        });
        return url(path);
    }

    /** Answers {@code status} with a small body (and a Location for redirects). */
    public String status(String path, int status, String location) {
        answers.put(path, exchange -> {
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            byte[] body = ("status " + status).getBytes();
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        return url(path);
    }

    /**
     * Sends bytes without a length (chunked), {@code chunk} after {@code chunk}, up to
     * {@code total} bytes — more than any limit: the reader has to stop.
     */
    public String endless(String path, long total) {
        answers.put(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[16 * 1024];
            AtomicLong sent = this.sent.computeIfAbsent(path, p -> new AtomicLong());
            try (OutputStream out = exchange.getResponseBody()) {
                while (sent.get() < total) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException readerStopped) {
                // expected: the reader hung up once past its limit
            }
        });
        return url(path);
    }

    /** Bytes an {@link #endless} path has written so far. */
    public long sent(String path) {
        AtomicLong count = sent.get(path);
        return count == null ? 0 : count.get();
    }

    /** Takes the request and never answers (until the server closes). */
    public String hangs(String path) {
        answers.put(path, exchange -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return url(path);
    }

    /**
     * A peer that is slow but never silent: one byte every {@code everyMillis}, without end, so no
     * wait for data ever times out — only a bound on the whole download stops it.
     */
    public String trickles(String path, long everyMillis) {
        answers.put(path, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (!stop.await(everyMillis, TimeUnit.MILLISECONDS)) {
                    out.write('x');
                    out.flush();
                }
            } catch (IOException readerStopped) {
                // expected
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return url(path);
    }

    /** Announces {@code declared} bytes, sends {@code sent} of them, then waits until the server closes. */
    public String stalls(String path, long declared, byte[] sent) {
        answers.put(path, exchange -> {
            exchange.sendResponseHeaders(200, declared);
            OutputStream out = exchange.getResponseBody();
            out.write(sent);
            out.flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        return url(path);
    }

    public List<Hit> hits(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        hits.add(new Hit(path, headers));
        Answer answer = answers.get(path);
        if (answer == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        answer.send(exchange);
        exchange.close();
    }

    @Override
    public void close() {
        stop.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
