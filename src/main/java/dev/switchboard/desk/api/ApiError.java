package dev.switchboard.desk.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** The body of every error answer: {@code {"error":"<code>","description":"<what is wrong>"}}. */
public record ApiError(String error, String description) {

    /** Where the bot API is served: its errors are in Webim's shape instead. */
    public static final String BOT_API = "/api/bot/";

    /** An error of Webim's External Bot API: {@code {"error":"<code>","desc":"<what is wrong>"}}. */
    public record BotApiError(String error, String desc) {
    }

    public static boolean isBotApi(String path) {
        return path != null && path.startsWith(BOT_API);
    }

    /** The error body for a request to {@code path}: the bot API's shape there, this one elsewhere. */
    public static Object of(String path, String code, String description) {
        return isBotApi(path) ? new BotApiError(code, description) : new ApiError(code, description);
    }

    /** Writes an error answer where no controller does (filters, security handlers). */
    public static void write(ObjectMapper json, HttpServletResponse response, String path, HttpStatus status,
            String code, String description) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), of(path, code, description));
    }
}
