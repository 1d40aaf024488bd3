package dev.switchboard.attachment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code switchboard.files.*}: limits of attachments, how long download links work, how long a
 * fetch of {@code attachment_urls} may take, and whether it may point into private networks (off:
 * a staff key cannot make the server read internal addresses).
 */
@ConfigurationProperties("switchboard.files")
public record FileProperties(
        @DefaultValue("25MB") DataSize maxFileSize,
        @DefaultValue("50MB") DataSize maxMessageSize,
        @DefaultValue("20") int maxFilesPerMessage,
        @DefaultValue("7d") Duration linkTtl,
        @DefaultValue("30s") Duration fetchTimeout,
        boolean fetchPrivateNetworks) {

    /** A size as people write it: 25MB, 64KB, 1000B. */
    static String human(DataSize size) {
        long bytes = size.toBytes();
        if (bytes > 0 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MB";
        }
        return bytes > 0 && bytes % 1024 == 0 ? bytes / 1024 + "KB" : bytes + "B";
    }
}
