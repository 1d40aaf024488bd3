package dev.switchboard.attachment;

import java.io.IOException;

/** A file (or a message's files together) past the configured limit, found while it streamed in. */
public class FileTooLargeException extends IOException {

    public FileTooLargeException(String what, long limit) {
        super(what + " is larger than " + limit + " bytes");
    }
}
