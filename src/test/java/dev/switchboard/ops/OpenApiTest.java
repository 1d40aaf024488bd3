package dev.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.Browser.Response;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.LoopbackSwitchboardTest;

/** The API description and Swagger UI are public. */
class OpenApiTest extends LoopbackSwitchboardTest {

    @Test
    void theOpenApiDocumentIsServedWithoutLoginAndListsTheMainPaths() throws Exception {
        Response response = browser().get("/api/openapi.json", "Accept", "application/json");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode openapi = DeskClient.JSON.readTree(response.body());
        assertThat(openapi.path("openapi").asText()).matches("3\\.\\d+\\.\\d+");
        assertThat(openapi.path("info").path("title").asText()).isNotBlank();
        assertThat(openapi.path("paths").has("/api/cases.json")).isTrue();
        assertThat(openapi.path("paths").has("/api/cases/{reference}/messages.json")).isTrue();
        assertThat(openapi.path("paths").has("/api/custom_channels.json")).isTrue();
        assertThat(openapi.path("paths").has("/api/deliveries/dead.json")).isTrue();
        assertThat(openapi.path("paths").path("/api/cases.json").has("post")).isTrue();
    }

    @Test
    void swaggerUiAnswers200AfterRedirects() throws Exception {
        HttpClient follow = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> docs = follow.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/docs"))
                .header("Accept", "text/html").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(docs.statusCode()).as(docs.uri() + " " + docs.body()).isEqualTo(200);
        assertThat(docs.body()).contains("Swagger UI");
        // the page's configuration points at the document, also without login
        Response config = browser().get("/api/openapi.json/swagger-config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().path("url").asText()).isEqualTo("/api/openapi.json");
    }
}
