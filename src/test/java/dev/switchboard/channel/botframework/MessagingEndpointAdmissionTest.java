package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * The messaging endpoints hold at most max-in-flight activities: an activity counts from its
 * arrival until its answer is complete, and one beyond the limit is answered 503 with Retry-After
 * without reaching the route (its body unread).
 */
class MessagingEndpointAdmissionTest {

    private static final String ENDPOINT = "/channels/botframework/support/messages";

    private final ObjectMapper json = new ObjectMapper();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MessagingEndpointAdmission admission = new MessagingEndpointAdmission(properties(2), json, meters);
    private final AtomicInteger reachedTheRoute = new AtomicInteger();

    /** The route's way: the request goes on asynchronously and is answered later. */
    private final FilterChain goesAsync = (request, response) -> {
        reachedTheRoute.incrementAndGet();
        request.startAsync();
    };

    /** Answered before the filter returns (refused by a later filter, or a sync handler). */
    private final FilterChain answersAtOnce = (request, response) -> reachedTheRoute.incrementAndGet();

    @Test
    void oneActivityBeyondTheLimitIsRefusedWith503BeforeItReachesTheRoute() throws Exception {
        admitted(goesAsync);
        admitted(goesAsync);

        MockHttpServletResponse refused = send(goesAsync).response();

        assertThat(reachedTheRoute).hasValue(2);
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).startsWith("application/json");
        JsonNode error = json.readTree(refused.getContentAsString());
        assertThat(error.get("error").asText()).isEqualTo("overloaded");
        assertThat(error.get("description").asText()).contains("2 activities are already in flight")
                .contains("nothing of this one was read or stored");
        assertThat(meters.get("switchboard.botframework.in.flight").gauge().value()).isEqualTo(2);
        assertThat(meters.get("switchboard.botframework.refused").counter().count()).isEqualTo(1);
    }

    @Test
    void anActivitysPlaceIsGivenBackWhenItsAnswerIsComplete() throws Exception {
        AsyncContext first = admitted(goesAsync);
        admitted(goesAsync);
        assertThat(send(goesAsync).response().getStatus()).isEqualTo(503);

        first.complete();

        assertThat(admission.inFlight()).isEqualTo(1);
        admitted(goesAsync);
        assertThat(reachedTheRoute).hasValue(3);
    }

    @Test
    void anActivityAnsweredBeforeTheFilterReturnsHoldsNoPlace() throws Exception {
        for (int i = 0; i < 5; i++) {
            Sent sent = send(answersAtOnce);
            assertThat(sent.response().getStatus()).isEqualTo(200);
        }
        assertThat(reachedTheRoute).hasValue(5);
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void aFailureOnTheWayGivesThePlaceBack() {
        FilterChain fails = (request, response) -> {
            throw new ServletException("failed");
        };
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> send(fails)).isInstanceOf(ServletException.class);
        }
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void anAnswerGivesItsPlaceBackOnlyOnce() throws Exception {
        AsyncContext first = admitted(goesAsync);
        admitted(goesAsync);

        first.complete();
        first.complete();

        assertThat(admission.inFlight()).isEqualTo(1);
    }

    @Test
    void otherRequestsAreNotCounted() throws Exception {
        admitted(goesAsync);
        admitted(goesAsync);
        for (MockHttpServletRequest other : List.of(new MockHttpServletRequest("GET", ENDPOINT),
                new MockHttpServletRequest("POST", "/api/cases.json"))) {
            other.setAsyncSupported(true);
            MockHttpServletResponse response = new MockHttpServletResponse();
            admission.doFilter(other, response, answersAtOnce);
            assertThat(response.getStatus()).as(other.getMethod() + " " + other.getRequestURI()).isEqualTo(200);
        }
        assertThat(reachedTheRoute).hasValue(4);
    }

    @Test
    void theLimitIsAtLeastOne() {
        assertThatThrownBy(() -> new MessagingEndpointAdmission(properties(0), json, new SimpleMeterRegistry()))
                .hasMessageContaining("max-in-flight");
    }

    private AsyncContext admitted(FilterChain chain) throws Exception {
        Sent sent = send(chain);
        assertThat(sent.response().getStatus()).isEqualTo(200);
        assertThat(sent.request().isAsyncStarted()).isTrue();
        return sent.request().getAsyncContext();
    }

    private Sent send(FilterChain chain) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", ENDPOINT);
        request.setAsyncSupported(true);
        request.setContentType("application/json");
        request.setContent("{\"type\":\"message\"}".getBytes());
        MockHttpServletResponse response = new MockHttpServletResponse();
        admission.doFilter(request, response, chain);
        return new Sent(request, response);
    }

    private record Sent(MockHttpServletRequest request, MockHttpServletResponse response) {
    }

    private static BotFrameworkProperties properties(int maxInFlight) {
        return new BotFrameworkProperties(Map.of(), Duration.ofHours(24), Duration.ofHours(1), Duration.ofMinutes(5),
                DataSize.ofKilobytes(256), maxInFlight, List.of());
    }
}
