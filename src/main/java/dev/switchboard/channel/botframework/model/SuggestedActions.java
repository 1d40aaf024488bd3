package dev.switchboard.channel.botframework.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Buttons offered with a message; {@code to}: the accounts that see them. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuggestedActions(List<String> to, List<CardAction> actions) {

    /** A button; imBack posts its value back as if the user had typed it. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record CardAction(String type, String title, String value) {

        public static CardAction imBack(String text) {
            return new CardAction("imBack", text, text);
        }
    }
}
