package dev.switchboard.channel.botframework.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A file (contentUrl) or a card (content) in a message. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attachment(String contentType, String contentUrl, JsonNode content, String name, String thumbnailUrl) {

    /** Teams' personal files: a pre-authenticated download URL in {@code content.downloadUrl}. */
    public static final String TEAMS_FILE = "application/vnd.microsoft.teams.file.download.info";

    public static Attachment file(String contentType, String contentUrl, String name) {
        return new Attachment(contentType, contentUrl, null, name, null);
    }
}
