package dev.switchboard.bot;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.switchboard.desk.message.Button;

/**
 * Keyboards a bot showed the customer. Channels without buttons show them as a numbered list, so
 * a customer who answers the latest keyboard of the case with a button's number ("2") or its
 * text ("Yes", ignoring case) has pressed that button. Only the latest keyboard counts, once, and
 * only while the bot still has the chat it showed it in: a "2" typed later answers whatever was
 * asked since, not an old keyboard.
 */
@Component
class Keyboards {

    /** A pressed button of keyboard message {@code messageId}. */
    record Pressed(long messageId, Button button) {
    }

    private static final TypeReference<List<List<Button>>> ROWS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Keyboards(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void shown(long messageId, long caseId, List<List<Button>> rows) {
        try {
            jdbc.sql("INSERT INTO message_keyboard (message_id, case_id, buttons) VALUES (?, ?, ?)")
                    .params(messageId, caseId, json.writeValueAsString(rows)).update();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("buttons cannot be written", e);
        }
    }

    /**
     * The button the customer's text presses on the case's latest keyboard, if it is unanswered
     * and was shown since {@code since} (when the bot took the chat); it is then answered.
     */
    Optional<Pressed> press(long caseId, OffsetDateTime since, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Optional<Pressed> pressed = jdbc.sql("""
                SELECT k.message_id, k.buttons, k.answered, m.created_at
                FROM message_keyboard k JOIN message m ON m.id = k.message_id
                WHERE k.case_id = ? ORDER BY k.message_id DESC FETCH FIRST 1 ROWS ONLY""")
                .param(caseId)
                .query((rs, n) -> rs.getBoolean("answered")
                        || rs.getObject("created_at", OffsetDateTime.class).isBefore(since) ? Optional.<Pressed>empty()
                        : find(rs.getLong("message_id"), rows(rs.getString("buttons")), text.strip()))
                .optional().flatMap(p -> p);
        pressed.ifPresent(p -> jdbc.sql("UPDATE message_keyboard SET answered = TRUE WHERE message_id = ?")
                .param(p.messageId()).update());
        return pressed;
    }

    private static Optional<Pressed> find(long messageId, List<List<Button>> rows, String answer) {
        List<Button> buttons = rows.stream().flatMap(List::stream).toList();
        if (answer.matches("\\d{1,3}\\.?")) {
            int n = Integer.parseInt(answer.replace(".", ""));
            if (n >= 1 && n <= buttons.size()) {
                return Optional.of(new Pressed(messageId, buttons.get(n - 1)));
            }
        }
        String wanted = answer.toLowerCase(Locale.ROOT);
        return buttons.stream().filter(b -> b.text() != null && b.text().strip().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst().map(b -> new Pressed(messageId, b));
    }

    private List<List<Button>> rows(String stored) {
        try {
            return json.readValue(stored, ROWS);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
