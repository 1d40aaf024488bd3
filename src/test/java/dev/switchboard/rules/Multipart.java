package dev.switchboard.rules;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.switchboard.support.DeskClient;

/**
 * Multipart posts to the desk API as Omnidesk clients send them: the fields as PHP-style names
 * ({@code message[content]}), the files as {@code message[attachments][0]}, {@code [1]}, ...
 */
final class Multipart {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One file of the request. */
    record File(String name, String type, byte[] content) {
    }

    private Multipart() {
    }

    /** POSTs {@code fields} (name -> text) and {@code files} under {@code <envelope>[attachments][n]}. */
    static DeskClient.Answer post(String base, String email, String apiKey, String path, String envelope,
            Map<String, String> fields, List<File> files) {
        String boundary = "----switchboard-test-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + envelope + "[" + name + "]\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n"));
        for (int i = 0; i < files.size(); i++) {
            File file = files.get(i);
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + envelope + "[attachments]["
                    + i + "]\"; filename=\"" + file.name() + "\"\r\nContent-Type: " + file.type() + "\r\n\r\n");
            body.writeBytes(file.content());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((email + ":" + apiKey).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = DeskClient.JSON.readTree(response.body());
            } catch (IOException notJson) {
                json = MissingNode.getInstance();
            }
            return new DeskClient.Answer(response.statusCode(), response.body(), json, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
