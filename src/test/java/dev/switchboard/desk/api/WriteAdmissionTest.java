package dev.switchboard.desk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The desk API's case and message writes in progress are held to max-in-progress: one more is
 * answered 503 with Retry-After before it reaches anything behind the filter (authentication,
 * the controller); other requests pass whatever is in progress, and a write's place is given back
 * when its answer is done, however it ended.
 */
class WriteAdmissionTest {

    private final ObjectMapper json = new ObjectMapper();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DeskWriteAdmission admission = new DeskWriteAdmission(2, json, meters);
    private final AtomicInteger reachedTheController = new AtomicInteger();

    @Test
    void aWriteBeyondTheBoundIsRefusedWith503WithoutReachingTheController() throws Exception {
        MockHttpServletResponse[] refused = new MockHttpServletResponse[1];
        // two writes in progress (each chain runs while the one before is still in its own)
        FilterChain third = (request, response) -> {
            reachedTheController.incrementAndGet();
            refused[0] = send("POST", "/api/cases/7/messages.json", counting());
        };
        FilterChain second = (request, response) -> {
            reachedTheController.incrementAndGet();
            assertThat(admission.inProgress()).isEqualTo(2);
            assertThat(meters.get("switchboard.api.in.progress").tag("work", "desk-api").gauge().value())
                    .isEqualTo(2);
            third.doFilter(request, response);
        };

        send("POST", "/api/cases.json", (request, response) -> send("POST", "/api/cases.json", second));

        assertThat(reachedTheController).hasValue(2);
        assertThat(refused[0].getStatus()).isEqualTo(503);
        assertThat(refused[0].getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused[0].getContentType()).startsWith("application/json");
        JsonNode error = json.readTree(refused[0].getContentAsString());
        assertThat(error.get("error").asText()).isEqualTo("overloaded");
        assertThat(error.get("description").asText()).contains("2 requests like this one (desk-api)")
                .contains("nothing of this one was read or stored");
        assertThat(meters.get("switchboard.api.refused").tag("work", "desk-api").counter().count()).isEqualTo(1);
        assertThat(admission.inProgress()).isZero();
    }

    @Test
    void readsAndOtherWritesPassWhileTheBoundIsHeld() throws Exception {
        int[] statuses = new int[4];
        FilterChain full = (request, response) -> {
            statuses[0] = send("GET", "/api/cases.json", counting()).getStatus();
            statuses[1] = send("GET", "/api/cases/7/messages.json", counting()).getStatus();
            statuses[2] = send("PUT", "/api/cases/7.json", counting()).getStatus();
            statuses[3] = send("POST", "/api/cases/7/notes.json", counting()).getStatus();
        };

        send("POST", "/api/cases.json", (request, response) -> send("POST", "/api/cases.json", full));

        assertThat(statuses).containsOnly(200);
        assertThat(reachedTheController).hasValue(4);
        assertThat(meters.get("switchboard.api.refused").tag("work", "desk-api").counter().count()).isZero();
    }

    @Test
    void aWriteThatFailsGivesItsPlaceBack() throws Exception {
        FilterChain fails = (request, response) -> {
            throw new ServletException("failed");
        };
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> send("POST", "/api/cases.json", fails)).isInstanceOf(ServletException.class);
        }
        assertThat(admission.inProgress()).isZero();
        assertThat(send("POST", "/api/cases.json", counting()).getStatus()).isEqualTo(200);
    }

    @Test
    void atLeastOneWriteIsLetIn() {
        assertThatThrownBy(() -> new DeskWriteAdmission(0, json, meters))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-in-progress");
    }

    private FilterChain counting() {
        return (request, response) -> reachedTheController.incrementAndGet();
    }

    private MockHttpServletResponse send(String method, String path, FilterChain chain)
            throws ServletException, IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        admission.doFilter(new MockHttpServletRequest(method, path), response, chain);
        return response;
    }
}
