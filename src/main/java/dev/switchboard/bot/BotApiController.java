package dev.switchboard.bot;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.bot.model.CloseChatRequest;
import dev.switchboard.bot.model.RedirectChatRequest;
import dev.switchboard.bot.model.SendMessageRequest;
import dev.switchboard.desk.api.ApiException;

/**
 * Webim's External Bot API 2.0, the bot's side: {@code POST /api/bot/v2/send_message},
 * {@code redirect_chat}, {@code close_chat} with {@code Authorization: Token <token>}. Chat ids are
 * case ids. Answers {@code {"result":"ok"}}; errors {@code {"error","desc"}} with a 4xx status.
 */
@RestController
@RequestMapping("/api/bot/v2")
@Tag(name = "Bot API", description = "Webim External Bot API 2.0 for bots acting as operators")
public class BotApiController {

    private final BotActions actions;

    BotApiController(BotActions actions) {
        this.actions = actions;
    }

    @PostMapping("/send_message")
    @Operation(summary = "Write in a chat the bot owns: text (kind operator), buttons (keyboard) or a file by URL",
            description = "With an Idempotency-Key header, a call sent again (its answer was lost) answers the "
                    + "message_id the first call wrote instead of writing the message twice.")
    public Map<String, Object> sendMessage(@AuthenticationPrincipal BotPrincipal bot,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody(required = false) SendMessageRequest request) {
        long messageId = actions.send(bot(bot), request, idempotencyKey);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("result", "ok");
        answer.put("message_id", Long.toString(messageId));
        return answer;
    }

    @PostMapping("/redirect_chat")
    @Operation(summary = "Hand the chat to a staff member (operator_id), a group (dep_key) or the queue")
    public Map<String, Object> redirectChat(@AuthenticationPrincipal BotPrincipal bot,
            @RequestBody(required = false) RedirectChatRequest request) {
        if (request == null) {
            throw ApiException.missingField("chat_id");
        }
        actions.redirect(bot(bot), request.chatId(), request.operatorId(), request.depKey());
        return Map.of("result", "ok");
    }

    @PostMapping("/close_chat")
    @Operation(summary = "End the live chat and close the case")
    public Map<String, Object> closeChat(@AuthenticationPrincipal BotPrincipal bot,
            @RequestBody(required = false) CloseChatRequest request) {
        if (request == null) {
            throw ApiException.missingField("chat_id");
        }
        actions.close(bot(bot), request.chatId());
        return Map.of("result", "ok");
    }

    private static Bot bot(BotPrincipal principal) {
        return principal.bot();
    }
}
