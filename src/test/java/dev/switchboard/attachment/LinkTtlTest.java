package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.assertRefused;
import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.Uploads;

/** switchboard.files.link-ttl (here an hour) sets when links stop working. */
class LinkTtlTest extends SmallLimitsTest {

    private static final Pattern EXPIRES = Pattern.compile(".*[?&]expires=(\\d+)&.*");

    @Autowired
    AppSecrets secrets;

    @Test
    void linksExpireAfterTheConfiguredTimeAndNotBefore() {
        Answer answer = Uploads.admin(port).post(messages(newCase(admin())), Multipart.form()
                .file("message[attachments][0]", "a.bin", "application/octet-stream", bytes(10)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode file = answer.json().get("message").get("attachments").get(0);
        long now = Instant.now().getEpochSecond();

        Matcher m = EXPIRES.matcher(file.get("url").asText());
        assertThat(m.matches()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isBetween(now + 3600 - 60, now + 3600 + 60);

        String base = "http://127.0.0.1:" + port;
        byte[] key = secrets.get("file-links");
        long id = file.get("file_id").asLong();
        assertThat(Uploads.download(LinkSigning.link(base, key, id, "a.bin", now + 5)).status()).isEqualTo(200);
        assertRefused(Uploads.download(LinkSigning.link(base, key, id, "a.bin", now - 5)), 403, "invalid_link");
    }
}
