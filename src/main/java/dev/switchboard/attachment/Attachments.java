package dev.switchboard.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

import dev.switchboard.desk.api.ApiException;

/**
 * Files of messages. They are stored before the message's transaction (never a download inside
 * it), each in its own small transaction, within the limits per file and per message; the message's
 * transaction then gives them to the message. Files whose request failed are removed later by the
 * cleanup. Names are cleaned of paths and control characters; the store never uses them.
 */
@Service
public class Attachments {

    private final AttachmentStore store;
    private final AttachmentRepository repository;
    private final UrlFetcher fetcher;
    private final FileLinks links;
    private final FileProperties properties;
    private final Clock clock;

    public Attachments(AttachmentStore store, AttachmentRepository repository, UrlFetcher fetcher, FileLinks links,
            FileProperties properties, Clock clock) {
        this.store = store;
        this.repository = repository;
        this.fetcher = fetcher;
        this.links = links;
        this.properties = properties;
        this.clock = clock;
    }

    /** A file of a message as shown by the API and sent to channels. */
    public record FileView(long fileId, String fileName, long fileSize, String mimeType, String url) {
    }

    /**
     * Stores the uploaded files and the files named by URLs of one message (in that order).
     * {@code field} names them in errors, e.g. "message.attachment_urls".
     */
    public List<Attachment> store(String field, List<MultipartFile> uploads, List<String> urls) {
        List<Attachment> stored = new ArrayList<>();
        long budget = properties.maxMessageSize().toBytes();
        for (MultipartFile upload : uploads == null ? List.<MultipartFile>of() : uploads) {
            try (InputStream in = upload.getInputStream()) {
                Attachment file = store(in, upload.getOriginalFilename(), upload.getContentType(), budget);
                budget -= file.size();
                stored.add(file);
            } catch (FileTooLargeException e) {
                throw tooLarge(e);
            } catch (IOException e) {
                throw ApiException.badRequest("invalid_multipart", field + ": an uploaded file could not be read");
            }
        }
        for (String url : urls == null ? List.<String>of() : urls) {
            if (url == null || url.isBlank()) {
                throw ApiException.invalidField(field, "must hold URLs");
            }
            try (UrlFetcher.Download download = fetcher.fetch(field, url, Map.of())) {
                Attachment file = store(download.content(), download.fileName(), download.contentType(), budget);
                budget -= file.size();
                stored.add(file);
            } catch (FileTooLargeException e) {
                throw tooLarge(e);
            } catch (IOException e) {
                throw ApiException.badRequest("attachment_unreachable", field + ": " + url + " could not be read");
            }
        }
        return stored;
    }

    /** Stores one file from a channel or a bot; the remaining budget of its message applies. */
    public Attachment store(InputStream content, String fileName, String contentType, long budget) throws IOException {
        long limit = Math.min(properties.maxFileSize().toBytes(), budget);
        AttachmentStore.Stored stored = store.put(content, limit);
        String name = cleanName(fileName);
        String type = contentType(contentType, name);
        long id = repository.insert(stored.key(), name, type, stored.size(), now());
        return new Attachment(id, null, stored.key(), name, type, stored.size(), now());
    }

    public void attach(Collection<Attachment> files, long messageId) {
        repository.attach(files.stream().map(Attachment::id).toList(), messageId);
    }

    public Map<Long, List<Attachment>> ofMessages(Collection<Long> messageIds) {
        return repository.ofMessages(messageIds);
    }

    public FileView view(Attachment a) {
        return new FileView(a.id(), a.fileName(), a.size(), a.contentType(), links.url(a.id(), a.fileName()));
    }

    public Optional<Attachment> find(long id) {
        return repository.find(id);
    }

    public InputStream open(Attachment attachment) throws IOException {
        return store.open(attachment.storageKey());
    }

    public long maxMessageSize() {
        return properties.maxMessageSize().toBytes();
    }

    /** The last path segment, without control characters; "file" when nothing is left. */
    static String cleanName(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            return "file";
        }
        return base.length() > 200 ? base.substring(base.length() - 200) : base;
    }

    private static String contentType(String given, String name) {
        String type = given == null || given.isBlank() ? URLConnection.guessContentTypeFromName(name) : given;
        if (type == null || !type.matches("[\\w.+-]+/[\\w.+-]+(\\s*;.*)?")) {
            return "application/octet-stream";
        }
        return type.length() > 200 ? "application/octet-stream" : type;
    }

    private ApiException tooLarge(FileTooLargeException e) {
        return new ApiException(org.springframework.http.HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
                "a file, or the files of the message together, is larger than allowed (" + properties.maxFileSize()
                        + " per file, " + properties.maxMessageSize() + " per message)");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
