package dev.switchboard.attachment;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
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

    private static final Logger log = LoggerFactory.getLogger(Attachments.class);

    /** Longest file name kept, in characters (the column holds 255). */
    static final int MAX_NAME = 200;

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
     * {@code field} names them in errors, e.g. "message.attachment_urls". When one is refused, the
     * ones stored before it are removed again: a refused message leaves no file behind. What the
     * sender got wrong is a 4xx; a store that cannot write is a server error, not the sender's.
     */
    public List<Attachment> store(String field, List<MultipartFile> uploads, List<String> urls) {
        List<MultipartFile> files = uploads == null ? List.of() : uploads;
        List<String> links = urls == null ? List.of() : urls;
        if (files.size() + links.size() > properties.maxFilesPerMessage()) {
            throw ApiException.invalidField(field, "holds " + (files.size() + links.size())
                    + " files; a message takes at most " + properties.maxFilesPerMessage());
        }
        List<Attachment> stored = new ArrayList<>();
        try {
            long budget = properties.maxMessageSize().toBytes();
            for (MultipartFile upload : files) {
                try (InputStream in = upload.getInputStream()) {
                    Attachment file = store(source(in), upload.getOriginalFilename(), upload.getContentType(), budget);
                    budget -= file.size();
                    stored.add(file);
                } catch (FileTooLargeException e) {
                    throw tooLarge();
                } catch (SourceFailure e) {
                    throw ApiException.badRequest("invalid_multipart", field + ": an uploaded file could not be read");
                } catch (IOException e) {
                    throw new UncheckedIOException("the store could not take a file", e);
                }
            }
            for (String url : links) {
                if (url == null || url.isBlank()) {
                    throw ApiException.invalidField(field, "must hold URLs");
                }
                UrlFetcher.Download download = fetcher.fetch(field, url, Map.of());
                try {
                    if (download.length() > Math.min(properties.maxFileSize().toBytes(), budget)) {
                        throw tooLarge();
                    }
                    Attachment file = store(source(download.content()), download.fileName(), download.contentType(),
                            budget);
                    budget -= file.size();
                    stored.add(file);
                } catch (FileTooLargeException e) {
                    throw tooLarge();
                } catch (SourceFailure e) {
                    throw ApiException.badRequest("attachment_unreachable", field + ": " + url + " could not be read ("
                            + e.getCause().getClass().getSimpleName() + ")");
                } catch (IOException e) {
                    throw new UncheckedIOException("the store could not take a file", e);
                } finally {
                    closeQuietly(download);
                }
            }
            return stored;
        } catch (RuntimeException e) {
            discard(stored);
            throw e;
        }
    }

    /**
     * Stores one file from a channel or a bot; the remaining budget of its message applies.
     *
     * @throws FileTooLargeException past the limit per file or the {@code budget} left for the message
     */
    public Attachment store(InputStream content, String fileName, String contentType, long budget) throws IOException {
        long limit = Math.min(properties.maxFileSize().toBytes(), budget);
        AttachmentStore.Stored stored = store.put(content, limit);
        String name = cleanName(fileName);
        String type = contentType(contentType, name);
        OffsetDateTime now = now();
        try {
            long id = repository.insert(stored.key(), name, type, stored.size(), now);
            return new Attachment(id, null, stored.key(), name, type, stored.size(), now);
        } catch (RuntimeException e) {
            store.delete(stored.key());
            throw e;
        }
    }

    /**
     * Runs {@code write}, the transaction that gives {@code files} to their message; if it fails,
     * the files are removed at once instead of waiting for the cleanup.
     */
    public <T> T writeWith(Collection<Attachment> files, Supplier<T> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            discard(files);
            throw e;
        }
    }

    /** A read failure of where a file comes from (an upload, a URL) — the sender's problem, not the store's. */
    private static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static InputStream source(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw new SourceFailure(e);
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    return super.read(buffer, offset, length);
                } catch (IOException e) {
                    throw new SourceFailure(e);
                }
            }
        };
    }

    private static void closeQuietly(UrlFetcher.Download download) {
        try {
            download.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is given up either way
        }
    }

    /** Removes files that belong to no message (files of a message are never touched). */
    public void discard(Collection<Attachment> files) {
        for (Attachment file : files) {
            try {
                if (repository.delete(file.id())) {
                    store.delete(file.storageKey());
                }
            } catch (IOException | RuntimeException e) {
                log.warn("SB-5002 could not remove file {} of a refused message: {}", file.id(), e.toString());
            }
        }
    }

    public void attach(Collection<Attachment> files, long messageId) {
        repository.attach(files, messageId);
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

    /**
     * The last path segment, without control and formatting characters (NUL, line breaks,
     * right-to-left overrides that disguise an extension), quotes or leading dots; at most
     * {@link #MAX_NAME} UTF-16 characters, keeping the end (the extension); "file" when nothing is left.
     */
    static String cleanName(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1)
                .replaceAll("[\\p{Cntrl}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}\"]", "").strip();
        base = base.replaceFirst("^[.\\s]+", "").strip();
        if (base.isEmpty()) {
            return "file";
        }
        if (base.length() <= MAX_NAME) {
            return base;
        }
        int start = base.length() - MAX_NAME;
        // never half a character: a pair of surrogates stays whole or goes
        return base.substring(Character.isLowSurrogate(base.charAt(start)) ? start + 1 : start);
    }

    /** The given type (or one guessed from the name) as it will be served; octet-stream when it is no media type. */
    static String contentType(String given, String name) {
        String type = given == null || given.isBlank() ? URLConnection.guessContentTypeFromName(name) : given;
        if (type == null || type.length() > 200 || !type.matches("[\\w.+-]+/[\\w.+-]+(\\s*;.*)?")) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
        try {
            String normal = MediaType.parseMediaType(type).toString();
            return normal.length() > 200 ? MediaType.APPLICATION_OCTET_STREAM_VALUE : normal;
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
                "a file, or the files of the message together, is larger than allowed ("
                        + FileProperties.human(properties.maxFileSize()) + " per file, "
                        + FileProperties.human(properties.maxMessageSize()) + " per message)");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
