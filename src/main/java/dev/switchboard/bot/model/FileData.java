package dev.switchboard.bot.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A file in a bot message: where to download it, its media type, name and size (bytes). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"url", "media_type", "name", "size"})
public record FileData(String url, String mediaType, String name, Long size) {
}
