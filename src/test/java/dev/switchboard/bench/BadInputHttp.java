package dev.switchboard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.switchboard.support.DeskClient;

/**
 * HTTP/1.1 over a plain socket, one connection per request ({@code Connection: close}), for
 * what {@code java.net.http} will not send: any method, a request target exactly as written
 * ({@code ../}, {@code %2F}, raw bytes), any header (a wrong or missing {@code Content-Length},
 * both {@code Content-Length} and {@code Transfer-Encoding}), bodies that are not UTF-8, chunked
 * bodies, and bodies that stop before their declared length.
 * <p>
 * The body is written by a thread of its own while the answer is read, so a server that answers
 * early (413 by Content-Length) and stops reading is heard rather than seen as a reset.
 */
final class BadInputHttp implements AutoCloseable {

    /** How the body goes on the wire. */
    enum Framing {
        /** {@code Content-Length} = the body's length (unless a header in the request sets it). */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}, 8 KB chunks. */
        CHUNKED,
        /** No length header at all: the body (if any) is followed by closing the sending side. */
        NONE,
        /** {@code Content-Length} = body length + 1000, then the sending side is closed early. */
        SHORT
    }

    /** One request, byte for byte. {@code headers} are sent in order, as given. */
    record Request(String method, String target, List<String[]> headers, byte[] body, Framing framing) {

        Request {
            headers = List.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        Request withHeader(String name, String value) {
            List<String[]> changed = new ArrayList<>();
            for (String[] h : headers) {
                if (!h[0].equalsIgnoreCase(name)) {
                    changed.add(h);
                }
            }
            if (value != null) {
                changed.add(new String[] {name, value});
            }
            return new Request(method, target, changed, body, framing);
        }

        Request withTarget(String newTarget) {
            return new Request(method, newTarget, headers, body, framing);
        }

        Request withMethod(String newMethod) {
            return new Request(newMethod, target, headers, body, framing);
        }

        Request withBody(byte[] newBody) {
            return new Request(method, target, headers, newBody, framing);
        }

        Request withFraming(Framing newFraming) {
            return new Request(method, target, headers, body, newFraming);
        }

        /** The request as text for a report: non-printable bytes and bytes beyond ASCII as {@code \xNN}, long bodies cut. */
        String sample(int maxBody) {
            StringBuilder text = new StringBuilder();
            text.append(method).append(' ').append(printable(target.getBytes(StandardCharsets.UTF_8), 2000))
                    .append(" HTTP/1.1\n");
            for (String[] h : headers) {
                String value = h[0].equalsIgnoreCase("Authorization") && h[1].length() > 80
                        ? h[1].substring(0, 80) + "...(" + h[1].length() + " chars)" : h[1];
                text.append(h[0]).append(": ").append(printable(value.getBytes(StandardCharsets.UTF_8), 400)).append('\n');
            }
            text.append("(framing ").append(framing.name().toLowerCase(Locale.ROOT)).append(", body ")
                    .append(body.length).append(" bytes)\n");
            if (body.length > 0) {
                text.append(printable(body, maxBody));
            }
            return text.toString();
        }
    }

    /** An answer; {@code status} 0 when none came ({@code error} says why). */
    record Response(int status, Map<String, String> headers, byte[] body, String error, long millis) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                JsonNode node = DeskClient.JSON.readTree(body);
                return node == null ? MissingNode.getInstance() : node;
            } catch (IOException | RuntimeException notJson) {
                return MissingNode.getInstance();
            }
        }

        String sample(int maxBody) {
            if (status == 0) {
                return "(no answer: " + error + ")";
            }
            StringBuilder text = new StringBuilder("HTTP ").append(status).append('\n');
            headers.forEach((name, value) -> {
                if (!name.equals("date") && !name.equals("set-cookie")) {
                    text.append(name).append(": ").append(value).append('\n');
                }
            });
            text.append('\n').append(printable(body, maxBody));
            return text.toString();
        }
    }

    private final int port;
    private final int timeoutMillis;
    private final ExecutorService writers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "badinput-writer");
        thread.setDaemon(true);
        return thread;
    });

    BadInputHttp(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    Response send(Request request) {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(head(request));
            out.flush();
            Future<?> writer = request.body().length == 0 && request.framing() != Framing.CHUNKED
                    && request.framing() != Framing.SHORT ? null
                    : writers.submit(() -> writeBody(socket, out, request));
            Response response = read(socket.getInputStream(), request.method(), started);
            if (writer != null) {
                writer.cancel(true);
            }
            return response;
        } catch (IOException e) {
            return new Response(0, Map.of(), new byte[0], e.toString(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static byte[] head(Request request) {
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        boolean host = false;
        boolean length = false;
        boolean connection = false;
        for (String[] h : request.headers()) {
            host |= h[0].equalsIgnoreCase("Host");
            length |= h[0].equalsIgnoreCase("Content-Length") || h[0].equalsIgnoreCase("Transfer-Encoding");
            connection |= h[0].equalsIgnoreCase("Connection");
        }
        if (!host) {
            head.append("Host: 127.0.0.1\r\n");
        }
        for (String[] h : request.headers()) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (!length) {
            switch (request.framing()) {
                case LENGTH -> {
                    if (request.body().length > 0 || !List.of("GET", "HEAD", "DELETE", "OPTIONS", "TRACE")
                            .contains(request.method())) {
                        head.append("Content-Length: ").append(request.body().length).append("\r\n");
                    }
                }
                case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
                case SHORT -> head.append("Content-Length: ").append(request.body().length + 1000).append("\r\n");
                case NONE -> { }
            }
        }
        if (!connection) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        // header values are written as UTF-8: a test of raw bytes in headers puts them there on purpose
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeBody(Socket socket, OutputStream out, Request request) {
        byte[] body = request.body();
        try {
            if (request.framing() == Framing.CHUNKED) {
                for (int at = 0; at < body.length; at += 8192) {
                    int n = Math.min(8192, body.length - at);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, at, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                for (int at = 0; at < body.length; at += 65536) {
                    out.write(body, at, Math.min(65536, body.length - at));
                }
            }
            out.flush();
            if (request.framing() == Framing.SHORT || request.framing() == Framing.NONE) {
                socket.shutdownOutput();
            }
        } catch (IOException stoppedReading) {
            // the server answered early and closed: its answer is read by the caller
        }
    }

    private Response read(InputStream in, String method, long started) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try {
            while (true) {
                int headEnd = indexOf(raw.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (headEnd >= 0) {
                    byte[] all = raw.toByteArray();
                    String headText = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1);
                    int status = status(headText);
                    if (status >= 100 && status < 200 && status != 101) {
                        // an interim answer (100 Continue): the real one follows
                        ByteArrayOutputStream rest = new ByteArrayOutputStream();
                        rest.write(all, headEnd + 4, all.length - headEnd - 4);
                        raw = rest;
                        continue;
                    }
                    Map<String, String> headers = headers(headText);
                    byte[] body = readBody(in, headers, all, headEnd + 4, method, status, buffer);
                    return new Response(status, headers, body, null, (System.nanoTime() - started) / 1_000_000);
                }
                int n = in.read(buffer);
                if (n < 0) {
                    return new Response(0, Map.of(), raw.toByteArray(), raw.size() == 0
                            ? "connection closed without an answer" : "connection closed inside the answer's head",
                            (System.nanoTime() - started) / 1_000_000);
                }
                raw.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return new Response(0, Map.of(), raw.toByteArray(), "no answer within " + timeoutMillis + " ms",
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers, byte[] all, int from, String method,
            int status, byte[] buffer) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(all, from, all.length - from);
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return new byte[0];
        }
        String length = headers.get("content-length");
        boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        long expected = length != null && !chunked ? Long.parseLong(length.trim()) : -1;
        while (expected < 0 || body.size() < expected) {
            if (chunked && endsChunked(body.toByteArray())) {
                break;
            }
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException reset) {
                break;
            }
            if (n < 0) {
                break;
            }
            body.write(buffer, 0, n);
        }
        return chunked ? dechunk(body.toByteArray()) : body.toByteArray();
    }

    private static boolean endsChunked(byte[] body) {
        String tail = new String(body, Math.max(0, body.length - 7), Math.min(7, body.length), StandardCharsets.ISO_8859_1);
        return tail.endsWith("\r\n0\r\n\r\n") || (body.length == 5 && tail.equals("0\r\n\r\n"));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            body.write(chunked, start, Math.min(size, chunked.length - start));
            at = start + size + 2;
        }
        return body.toByteArray();
    }

    private static int status(String head) {
        String[] first = head.split("\r\n", 2)[0].split(" ");
        try {
            return first.length > 1 ? Integer.parseInt(first[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        return headers;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, 0, pattern);
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Bytes as text for a report: printable ASCII as is, CR/LF/TAB escaped, everything else {@code \xNN}, cut at {@code max}. */
    static String printable(byte[] bytes, int max) {
        StringBuilder text = new StringBuilder();
        int n = Math.min(bytes.length, max);
        // valid UTF-8 beyond ASCII is shown as the characters it encodes
        String decoded = new String(bytes, 0, n, StandardCharsets.UTF_8);
        boolean clean = java.util.Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), java.util.Arrays.copyOf(bytes, n));
        if (clean) {
            for (int i = 0; i < decoded.length(); i++) {
                char c = decoded.charAt(i);
                if (c == '\n') {
                    text.append("\\n");
                } else if (c == '\r') {
                    text.append("\\r");
                } else if (c == '\t') {
                    text.append("\\t");
                } else if (c < 0x20 || c == 0x7f) {
                    text.append(String.format("\\x%02x", (int) c));
                } else {
                    text.append(c);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                int b = bytes[i] & 0xff;
                if (b >= 0x20 && b < 0x7f) {
                    text.append((char) b);
                } else if (b == '\n') {
                    text.append("\\n");
                } else if (b == '\r') {
                    text.append("\\r");
                } else {
                    text.append(String.format("\\x%02x", b));
                }
            }
        }
        if (bytes.length > max) {
            text.append("...(").append(bytes.length - max).append(" more bytes)");
        }
        return text.toString();
    }

    @Override
    public void close() {
        writers.shutdownNow();
    }
}
