package dev.switchboard.bot.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A message as Webim's External Bot API 2.0 shows it to a bot: {@code kind} is visitor, operator,
 * info, file_visitor, file_operator or keyboard_response; {@code data} is a {@link FileData} for
 * files and a {@link KeyboardResponse} for an answered keyboard.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "kind", "text", "data"})
public record WireMessage(String id, String kind, String text, Object data) {

    public static final String VISITOR = "visitor";
    public static final String OPERATOR = "operator";
    public static final String INFO = "info";
    public static final String FILE_VISITOR = "file_visitor";
    public static final String FILE_OPERATOR = "file_operator";
    public static final String KEYBOARD = "keyboard";
    public static final String KEYBOARD_RESPONSE = "keyboard_response";

    public static WireMessage text(String id, String kind, String text) {
        return new WireMessage(id, kind, text, null);
    }
}
