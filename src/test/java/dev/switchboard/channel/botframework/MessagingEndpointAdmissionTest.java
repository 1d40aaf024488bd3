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
 * The messaging endpoints hold at most max-in-flight-size of bodies: an activity counts as its
 * Content-Length in whole KB from its arrival until its answer is complete, and one that would go
 * beyond is answered 503 with Retry-After without reaching the route (its body unread).
 */
class MessagingEndpointAdmissionTest {

    private static final String ENDPOINT = "/channels/botframework/support/messages";

    private final ObjectMapper json = new ObjectMapper();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Room for 4 KB of bodies, each at most 2 KB. */
    private final MessagingEndpointAdmission admission = new MessagingEndpointAdmission(properties(4, 2), json,
            meters);
    private final AtomicInteger reachedTheRoute = new AtomicInteger();

    /** The route's way: the request goes on asynchronously and is answered later. */
    private final FilterChain goesAsync = (request, response) -> {
        reachedTheRoute.incrementAndGet();
        request.startAsync();
    };

    /** Answered before the filter returns (refused by a later filter, or a sync handler). */
    private final FilterChain answersAtOnce = (request, response) -> reachedTheRoute.incrementAndGet();

    @Test
    void anActivityBeyondTheRoomIsRefusedWith503BeforeItReachesTheRoute() throws Exception {
        admitted(goesAsync, 1500);
        admitted(goesAsync, 2048);

        MockHttpServletResponse refused = send(goesAsync, 10).response();

        assertThat(reachedTheRoute).hasValue(2);
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).startsWith("application/json");
        JsonNode error = json.readTree(refused.getContentAsString());
        assertThat(error.get("error").asText()).isEqualTo("overloaded");
        assertThat(error.get("description").asText()).contains("activities of 4 KB in all are already in flight")
                .contains("nothing of this one was read or stored");
        assertThat(meters.get("switchboard.botframework.in.flight").gauge().value()).isEqualTo(2);
        assertThat(meters.get("switchboard.botframework.in.flight.size").gauge().value()).isEqualTo(4096);
        assertThat(meters.get("switchboard.botframework.refused").counter().count()).isEqualTo(1);
    }

    @Test
    void smallActivitiesTakeLittleRoom() throws Exception {
        for (int i = 0; i < 4; i++) {
            admitted(goesAsync, 300);
        }
        assertThat(send(goesAsync, 300).response().getStatus()).isEqualTo(503);
        assertThat(admission.inFlightKb()).isEqualTo(4);
    }

    @Test
    void anActivityWithoutContentLengthCountsAsTheLargestBody() throws Exception {
        admitted(goesAsync, -1);
        admitted(goesAsync, -1);
        assertThat(send(goesAsync, 10).response().getStatus()).isEqualTo(503);
    }

    @Test
    void aBodyLargerThanAllowedCountsAsTheLargestOneAndGoesOnToBeRefused413() throws Exception {
        Sent sent = send(answersAtOnce, 1_000_000);
        assertThat(sent.response().getStatus()).isEqualTo(200);
        assertThat(reachedTheRoute).hasValue(1);
        assertThat(admission.inFlightKb()).isZero();
    }

    @Test
    void anActivitysRoomIsGivenBackWhenItsAnswerIsComplete() throws Exception {
        AsyncContext first = admitted(goesAsync, 2048);
        admitted(goesAsync, 2048);
        assertThat(send(goesAsync, 2048).response().getStatus()).isEqualTo(503);

        first.complete();

        assertThat(admission.inFlightKb()).isEqualTo(2);
        assertThat(meters.get("switchboard.botframework.in.flight").gauge().value()).isEqualTo(1);
        admitted(goesAsync, 2048);
        assertThat(reachedTheRoute).hasValue(3);
    }

    @Test
    void anActivityAnsweredBeforeTheFilterReturnsHoldsNoRoom() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(send(answersAtOnce, 2048).response().getStatus()).isEqualTo(200);
        }
        assertThat(reachedTheRoute).hasValue(5);
        assertThat(admission.inFlightKb()).isZero();
    }

    @Test
    void aFailureOnTheWayGivesTheRoomBack() {
        FilterChain fails = (request, response) -> {
            throw new ServletException("failed");
        };
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> send(fails, 2048)).isInstanceOf(ServletException.class);
        }
        assertThat(admission.inFlightKb()).isZero();
        assertThat(meters.get("switchboard.botframework.in.flight").gauge().value()).isZero();
    }

    @Test
    void anAnswerGivesItsRoomBackOnlyOnce() throws Exception {
        AsyncContext first = admitted(goesAsync, 2048);
        admitted(goesAsync, 2048);

        first.complete();
        first.complete();

        assertThat(admission.inFlightKb()).isEqualTo(2);
    }

    @Test
    void otherRequestsAreNotCounted() throws Exception {
        admitted(goesAsync, 2048);
        admitted(goesAsync, 2048);
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
    void theRoomHoldsAtLeastOneActivityOfTheLargestSize() {
        assertThatThrownBy(() -> new MessagingEndpointAdmission(properties(1, 2), json, new SimpleMeterRegistry()))
                .hasMessageContaining("max-in-flight-size");
    }

    private AsyncContext admitted(FilterChain chain, int length) throws Exception {
        Sent sent = send(chain, length);
        assertThat(sent.response().getStatus()).isEqualTo(200);
        assertThat(sent.request().isAsyncStarted()).isTrue();
        return sent.request().getAsyncContext();
    }

    /** A POST whose Content-Length is {@code length} (-1: none, as with a chunked body). */
    private Sent send(FilterChain chain, int length) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", ENDPOINT) {
            @Override
            public long getContentLengthLong() {
                return length;
            }
        };
        request.setAsyncSupported(true);
        request.setContentType("application/json");
        MockHttpServletResponse response = new MockHttpServletResponse();
        admission.doFilter(request, response, chain);
        return new Sent(request, response);
    }

    private record Sent(MockHttpServletRequest request, MockHttpServletResponse response) {
    }

    private static BotFrameworkProperties properties(int maxInFlightKb, int maxBodyKb) {
        return new BotFrameworkProperties(Map.of(), Duration.ofHours(24), Duration.ofHours(1), Duration.ofMinutes(5),
                DataSize.ofKilobytes(maxBodyKb), DataSize.ofKilobytes(maxInFlightKb), List.of());
    }
}
