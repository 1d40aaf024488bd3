package dev.switchboard.bot;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.switchboard.desk.api.WriteAdmission;

/**
 * Bounds the bot API's {@code send_message} calls (its group-commit lane, {@link BotActions}) in
 * progress at once, apart from the desk API's writes; see {@link WriteAdmission}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class BotApiWriteAdmission extends WriteAdmission {

    static final String SEND_MESSAGE = "/api/bot/v2/send_message";

    BotApiWriteAdmission(@Value("${switchboard.group-commit.max-in-progress:64}") int maxInProgress,
            ObjectMapper json, MeterRegistry meters) {
        super("bot-api", maxInProgress, json, meters);
    }

    @Override
    protected boolean bounds(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && SEND_MESSAGE.equals(request.getRequestURI());
    }
}
