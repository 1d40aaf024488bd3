package dev.switchboard.desk.api;

import java.io.IOException;

/** Thrown while reading a body that grows past the configured limit. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("the body is larger than " + limit + " bytes");
    }
}
