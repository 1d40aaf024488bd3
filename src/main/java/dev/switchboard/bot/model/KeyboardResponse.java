package dev.switchboard.bot.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The customer chose {@code button} of the keyboard message {@code request.messageId}. */
public record KeyboardResponse(ButtonData button, Request request) {

    public record ButtonData(String id, String text) {
    }

    /** Webim spells this one field in camelCase. */
    public record Request(@JsonProperty("messageId") String messageId) {
    }
}
