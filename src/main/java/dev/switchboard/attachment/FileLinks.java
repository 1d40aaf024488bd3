package dev.switchboard.attachment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Download links of attachments: {@code <public-url>/files/<id>/<name>?expires=<unix>&signature=<hmac>}.
 * The signature covers the id and the expiry with a key shared by all nodes, so a link cannot be
 * guessed, extended or pointed at another file; it stops working after {@code switchboard.files.link-ttl}.
 */
@Component
public class FileLinks {

    private final AppSecrets secrets;
    private final FileProperties properties;
    private final Clock clock;
    private volatile String publicUrl;

    public FileLinks(AppSecrets secrets, FileProperties properties, Clock clock,
            @Value("${switchboard.public-url:}") String publicUrl) {
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** Without switchboard.public-url, links point at this machine's port as bound. */
    @EventListener
    void portBound(WebServerInitializedEvent event) {
        if (publicUrl.isEmpty()) {
            publicUrl = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    public String url(long attachmentId, String fileName) {
        long expires = clock.instant().plus(properties.linkTtl()).getEpochSecond();
        return publicUrl + "/files/" + attachmentId + "/" + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                .replace("+", "%20") + "?expires=" + expires + "&signature=" + sign(attachmentId, expires);
    }

    /** Whether a link's signature is right and it has not expired. */
    public boolean valid(long attachmentId, long expires, String signature) {
        if (signature == null || expires < clock.instant().getEpochSecond()) {
            return false;
        }
        return MessageDigest.isEqual(sign(attachmentId, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(long attachmentId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.get("file-links"), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((attachmentId + "." + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
