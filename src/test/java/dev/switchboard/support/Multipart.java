package dev.switchboard.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A multipart/form-data body built by hand, so tests control every byte: field names, file
 * names (hostile ones too), part headers, and the absence of parts. Not a general encoder.
 */
public final class Multipart {

    private final String boundary = "sbtest" + UUID.randomUUID().toString().replace("-", "");
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean closed;

    public static Multipart form() {
        return new Multipart();
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public String boundary() {
        return boundary;
    }

    /** A text field. */
    public Multipart field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"\r\n",
                value.getBytes(StandardCharsets.UTF_8));
    }

    /** A file; {@code fileName} goes into the header as given (quotes are not escaped: tests choose them). */
    public Multipart file(String name, String fileName, String contentType, byte[] content) {
        String headers = "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n");
        return part(headers, content);
    }

    /** A part with exactly these header lines (each ending in CRLF). */
    public Multipart part(String headerLines, byte[] content) {
        if (closed) {
            throw new IllegalStateException("already closed");
        }
        write("--" + boundary + "\r\n" + headerLines + "\r\n");
        body.writeBytes(content);
        write("\r\n");
        return this;
    }

    /** The complete body, closing delimiter included. */
    public byte[] bytes() {
        if (!closed) {
            write("--" + boundary + "--\r\n");
            closed = true;
        }
        return body.toByteArray();
    }

    /** What was written so far, without the closing delimiter (for streamed and truncated bodies). */
    public byte[] openBytes() {
        return body.toByteArray();
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
