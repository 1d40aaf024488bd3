package dev.switchboard.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.desk.api.ApiException;

/**
 * Downloads by signed link. No login (links go to channels and bots), but only with a valid,
 * unexpired signature for that very file; served as an attachment with its stored type,
 * {@code nosniff} and a sandboxing content security policy, so a file can never run as a page of
 * this site. The name in the path is for people; the file is served under its stored, cleaned name.
 */
@RestController
@Tag(name = "Files", description = "Attachment downloads by signed, expiring links")
public class FilesController {

    private final Attachments attachments;
    private final FileLinks links;

    public FilesController(Attachments attachments, FileLinks links) {
        this.attachments = attachments;
        this.links = links;
    }

    @GetMapping("/files/{id}/{name}")
    @Operation(summary = "Download an attachment by its signed link")
    public ResponseEntity<InputStreamResource> download(@PathVariable long id, @PathVariable String name,
            @RequestParam(required = false) Long expires, @RequestParam(required = false) String signature)
            throws IOException {
        if (expires == null || !links.valid(id, expires, signature)) {
            throw ApiException.forbidden("invalid_link", "the link is wrong or has expired");
        }
        Attachment file = attachments.find(id).filter(a -> a.messageId() != null)
                .orElseThrow(() -> ApiException.notFound("file_not_found", "no file " + id));
        InputStream content;
        try {
            content = attachments.open(file);
        } catch (NoSuchFileException gone) {
            throw ApiException.notFound("file_not_found", "the content of file " + id + " is gone");
        }
        return ResponseEntity.ok()
                .contentType(mediaType(file.contentType()))
                .contentLength(file.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(file.fileName()))
                .header("X-Content-Type-Options", "nosniff")
                // should a browser still render it: no scripts, no requests, no access to this origin
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                .body(new InputStreamResource(content));
    }

    /**
     * {@code attachment; filename="..."} (RFC 6266), the name in ASCII with other characters as
     * "_", plus {@code filename*=UTF-8''...} when the name is not plain ASCII. Not RFC 2047's
     * {@code =?UTF-8?Q?...?=} in {@code filename}: clients that read only that would save the file
     * under that text.
     */
    static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        boolean plain = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean safe = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
            plain &= safe;
            ascii.append(safe ? c : '_');
        }
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        String header = "attachment; filename=\"" + ascii + "\"";
        return plain ? header : header + "; filename*=UTF-8''" + encoded;
    }

    private static MediaType mediaType(String type) {
        try {
            return MediaType.parseMediaType(type);
        } catch (RuntimeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }
}
