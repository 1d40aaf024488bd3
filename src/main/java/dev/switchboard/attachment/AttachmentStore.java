package dev.switchboard.attachment;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where file contents live. The filesystem under the data directory by default; an object store
 * can take its place by providing another bean of this type.
 */
public interface AttachmentStore {

    /** What a put stored: its key and how many bytes it had. */
    record Stored(String key, long size) {
    }

    /**
     * Stores a stream, refusing it as soon as it passes {@code maxBytes} (nothing is kept then).
     *
     * @throws FileTooLargeException when the stream is longer than {@code maxBytes}
     */
    Stored put(InputStream content, long maxBytes) throws IOException;

    InputStream open(String key) throws IOException;

    void delete(String key) throws IOException;
}
