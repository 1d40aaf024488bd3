package dev.switchboard.attachment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code switchboard.files.*}: limits of attachments, how long download links work, and whether
 * {@code attachment_urls} may point into private networks (off: a staff key cannot make the server
 * read internal addresses).
 */
@ConfigurationProperties("switchboard.files")
public record FileProperties(
        DataSize maxFileSize,
        DataSize maxMessageSize,
        Duration linkTtl,
        Duration fetchTimeout,
        boolean fetchPrivateNetworks) {
}
