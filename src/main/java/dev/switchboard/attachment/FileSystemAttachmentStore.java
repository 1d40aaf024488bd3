package dev.switchboard.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Files under {@code <data-dir>/files}, named by random keys (never by what the sender called
 * them, so no name can reach outside the directory). A file is written to a temporary name and
 * moved into place only when complete and within its limit.
 */
@Component
public class FileSystemAttachmentStore implements AttachmentStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    public FileSystemAttachmentStore(@Value("${switchboard.data-dir}") String dataDir) throws IOException {
        this.root = Path.of(dataDir, "files").toAbsolutePath().normalize();
        Files.createDirectories(root);
    }

    @Override
    public Stored put(InputStream content, long maxBytes) throws IOException {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String key = HexFormat.of().formatHex(random);
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(key + ".part");
        long size = 0;
        try (OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = content.read(buffer)) > 0) {
                size += n;
                if (size > maxBytes) {
                    throw new FileTooLargeException("the file", maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return new Stored(key, size);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(path(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    private Path path(String key) {
        if (!key.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("not a storage key");
        }
        return root.resolve(key.substring(0, 2)).resolve(key);
    }
}
