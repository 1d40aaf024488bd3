package dev.switchboard.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store on its own: random keys under {@code <data-dir>/files}, limits while writing, nothing partial left. */
class FileSystemAttachmentStoreTest {

    @TempDir
    Path dataDir;

    private FileSystemAttachmentStore store() throws IOException {
        return new FileSystemAttachmentStore(dataDir.toString());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(dataDir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void storesUnderARandomKeyInsideTheFilesDirectoryAndGivesTheSameBytesBack() throws IOException {
        FileSystemAttachmentStore store = store();
        byte[] content = FileFixtures.bytes(200_000);

        AttachmentStore.Stored stored = store.put(new ByteArrayInputStream(content), 200_000);

        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.key()).matches("[0-9a-f]{32}");
        assertThat(files()).containsExactly(dataDir.resolve("files").resolve(stored.key().substring(0, 2))
                .resolve(stored.key()));
        try (InputStream in = store.open(stored.key())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        store.delete(stored.key());
        assertThat(files()).isEmpty();
        store.delete(stored.key());
    }

    @Test
    void keysDoNotRepeat() throws IOException {
        FileSystemAttachmentStore store = store();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            keys.add(store.put(new ByteArrayInputStream(new byte[1]), 10).key());
        }
        assertThat(keys).hasSize(200);
    }

    @Test
    void aStreamPastItsLimitIsRefusedWithNothingLeft() throws IOException {
        FileSystemAttachmentStore store = store();

        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[1001]), 1000))
                .isInstanceOf(FileTooLargeException.class);
        assertThat(store.put(new ByteArrayInputStream(new byte[1000]), 1000).size()).isEqualTo(1000);
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[1]), 0))
                .isInstanceOf(FileTooLargeException.class);
        assertThat(files()).hasSize(1);
    }

    @Test
    void aStreamThatFailsLeavesNothing() throws IOException {
        FileSystemAttachmentStore store = store();
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[70_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("peer gone");
            }
        });

        assertThatThrownBy(() -> store.put(failing, Long.MAX_VALUE)).hasMessage("peer gone");
        assertThat(files()).isEmpty();
    }

    @Test
    void onlyItsOwnKeysOpenAnything() throws IOException {
        FileSystemAttachmentStore store = store();
        Files.writeString(dataDir.resolve("secret.txt"), "secret");

        for (String key : List.of("../secret.txt", "../../etc/passwd", "/etc/passwd", "", "ABCDEF0123456789ABCDEF0123456789",
                "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef/..", "..\\secret.txt")) {
            assertThatThrownBy(() -> store.open(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(dataDir.resolve("secret.txt")).exists();
    }
}
