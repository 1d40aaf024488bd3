package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The bot API's send_message calls in progress have a bound of their own: one more is refused 503
 * in Webim's error shape before it reaches the bot's authentication; the bot API's other calls pass.
 */
class BotApiWriteAdmissionTest {

    private final ObjectMapper json = new ObjectMapper();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BotApiWriteAdmission admission = new BotApiWriteAdmission(1, json, meters);
    private final AtomicInteger reachedTheBotApi = new AtomicInteger();

    @Test
    void aSendBeyondTheBoundIsRefusedInTheBotApisShape() throws Exception {
        MockHttpServletResponse[] answers = new MockHttpServletResponse[3];
        send("POST", BotApiWriteAdmission.SEND_MESSAGE, (request, response) -> {
            reachedTheBotApi.incrementAndGet();
            answers[0] = send("POST", BotApiWriteAdmission.SEND_MESSAGE, counting());
            answers[1] = send("POST", "/api/bot/v2/close_chat", counting());
            answers[2] = send("GET", BotApiWriteAdmission.SEND_MESSAGE, counting());
        });

        assertThat(answers[0].getStatus()).isEqualTo(503);
        assertThat(answers[0].getHeader("Retry-After")).isEqualTo("1");
        JsonNode error = json.readTree(answers[0].getContentAsString());
        assertThat(error.get("error").asText()).isEqualTo("overloaded");
        assertThat(error.get("desc").asText()).contains("(bot-api)").contains("nothing of this one was read or stored");
        assertThat(answers[1].getStatus()).isEqualTo(200);
        assertThat(answers[2].getStatus()).isEqualTo(200);
        assertThat(reachedTheBotApi).hasValue(3);
        assertThat(meters.get("switchboard.api.refused").tag("work", "bot-api").counter().count()).isEqualTo(1);
        assertThat(send("POST", BotApiWriteAdmission.SEND_MESSAGE, counting()).getStatus()).isEqualTo(200);
    }

    private FilterChain counting() {
        return (request, response) -> reachedTheBotApi.incrementAndGet();
    }

    private MockHttpServletResponse send(String method, String path, FilterChain chain)
            throws ServletException, IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        admission.doFilter(new MockHttpServletRequest(method, path), response, chain);
        return response;
    }
}
