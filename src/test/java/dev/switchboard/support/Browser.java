package dev.switchboard.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The console as a browser (or a script) sees it: its own cookie jar, redirects not followed,
 * optional HTTP Basic, any headers. One instance is one browser session.
 */
public final class Browser {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+type=\"hidden\"\\s+value=\"([^\"]+)\"");

    private final String base;
    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private String authorization;

    public Browser(String base) {
        this.base = base;
    }

    public static Browser at(int port) {
        return new Browser("http://127.0.0.1:" + port);
    }

    /** Sends {@code Authorization: Basic email:apiKey} with every request from now on. */
    public Browser basic(String email, String apiKey) {
        authorization = "Basic " + Base64.getEncoder()
                .encodeToString((email + ":" + apiKey).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public String xsrfToken() {
        return cookie("XSRF-TOKEN");
    }

    public record Response(int status, String body, HttpResponse<String> raw) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The Set-Cookie header that sets {@code name}, with its attributes. */
        public Optional<String> setCookie(String name) {
            return raw.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst();
        }

        public JsonNode json() {
            try {
                return body.isEmpty() ? MissingNode.getInstance() : DeskClient.JSON.readTree(body);
            } catch (IOException notJson) {
                return MissingNode.getInstance();
            }
        }

        @Override
        public String toString() {
            return status + " " + raw.headers().map() + " " + (body.length() > 500 ? body.substring(0, 500) : body);
        }
    }

    /** GET with extra headers given as name, value, name, value... */
    public Response get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public Response post(String path, String contentType, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response postJson(String path, String json, String... headers) {
        return post(path, "application/json", json, headers);
    }

    public Response postForm(String path, Map<String, String> fields, String... headers) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return post(path, "application/x-www-form-urlencoded", form, headers);
    }

    /** The {@code _csrf} hidden field of a login page. */
    public static String csrfField(Response loginPage) {
        Matcher matcher = CSRF_FIELD.matcher(loginPage.body());
        return matcher.find() ? matcher.group(1) : null;
    }

    /** GET /login, then POST the form with the page's CSRF field; answers the POST. */
    public Response formLogin(String email, String apiKey) {
        Response page = get("/login", "Accept", "text/html");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", email);
        form.put("password", apiKey);
        String csrf = csrfField(page);
        if (csrf != null) {
            form.put("_csrf", csrf);
        }
        return postForm("/login", form);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            remember(response.headers().allValues("Set-Cookie"));
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void remember(List<String> setCookies) {
        for (String setCookie : setCookies) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            boolean expired = setCookie.toLowerCase().contains("max-age=0");
            if (value.isEmpty() || expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }
}
