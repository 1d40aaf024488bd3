package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import dev.switchboard.platform.PlatformHttpAsyncDispatch;

/**
 * The messaging endpoint's requests pass Spring MVC once: the route answers them on its own
 * thread, and the container's second dispatch ends before the security chain and MVC run again
 * ({@link PlatformHttpAsyncDispatch}). Each request is still recorded in
 * {@code http.server.requests} with the status the route answered.
 */
class BotFrameworkEndpointDispatchTest extends BotFrameworkAppTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    MeterRegistry meters;

    private final List<ServletRequestHandledEvent> handled = new CopyOnWriteArrayList<>();
    private final ApplicationListener<ServletRequestHandledEvent> listener = handled::add;

    @BeforeEach
    void listen() {
        context.addApplicationListener(listener);
    }

    @AfterEach
    void stopListening() {
        context.removeApplicationListener(listener);
    }

    @Test
    void anAcceptedActivityPassesSpringMvcOnceAndIsRecordedWithItsStatus() {
        long before = requests("200");
        accepted(SUPPORT, message(SUPPORT, newConversation(), "once " + uid()));

        await().until(() -> requests("200") == before + 1);
        assertThat(passesThroughMvc()).isEqualTo(1);
    }

    @Test
    void aRefusedActivityIsAnsweredByTheRouteAndPassesSpringMvcOnce() {
        ObjectNode valid = message(SUPPORT, newConversation(), "valid " + uid());
        long before = requests("400");
        var answer = post(endpoint(SUPPORT), "application/json", "{\"type\":".getBytes(StandardCharsets.UTF_8),
                fake(SUPPORT).authorization(valid, Auth.VALID));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"invalid_json\"");

        await().until(() -> requests("400") == before + 1);
        assertThat(passesThroughMvc()).isEqualTo(1);
    }

    private long passesThroughMvc() {
        return handled.stream().filter(e -> e.getRequestUrl().endsWith("/channels/botframework/support/messages"))
                .count();
    }

    private long requests(String status) {
        return Search.in(meters).name("http.server.requests").tag("method", "POST").tag("status", status)
                .timers().stream().filter(t -> t.getId().getTag("uri").contains("botframework"))
                .mapToLong(Timer::count).sum();
    }
}
