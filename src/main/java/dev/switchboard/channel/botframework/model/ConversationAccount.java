package dev.switchboard.channel.botframework.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A conversation: 1:1 or a group ({@code isGroup}), with its tenant on Teams. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationAccount(String id, String name, @JsonProperty("isGroup") Boolean isGroup,
        String conversationType, String tenantId) {

    public boolean group() {
        return Boolean.TRUE.equals(isGroup);
    }
}
