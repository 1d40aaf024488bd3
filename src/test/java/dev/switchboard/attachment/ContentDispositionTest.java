package dev.switchboard.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The Content-Disposition of downloads (RFC 6266): an ASCII filename, and filename* for the rest. */
class ContentDispositionTest {

    @Test
    void anAsciiNameIsQuotedAsItIs() {
        assertThat(FilesController.contentDisposition("report Q1 (final).pdf"))
                .isEqualTo("attachment; filename=\"report Q1 (final).pdf\"");
    }

    @Test
    void otherNamesGetAnAsciiStandInAndTheirUtf8Form() {
        String header = FilesController.contentDisposition("ромашка отчёт.pdf");

        assertThat(header).startsWith("attachment; filename=\"_______ _____.pdf\"; filename*=UTF-8''");
        String encoded = header.substring(header.indexOf("UTF-8''") + 7);
        assertThat(encoded).matches("[A-Za-z0-9%!#$&+.^_`|~-]+");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo("ромашка отчёт.pdf");
    }

    @Test
    void quotesAndBackslashesNeverReachTheQuotedName() {
        String header = FilesController.contentDisposition("a\"b\\c.txt");

        assertThat(header).startsWith("attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%5Cc.txt");
    }
}
