package dev.switchboard.attachment;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

import dev.switchboard.desk.api.ApiError;

/**
 * Uploads the container refused while they streamed in, told apart: too many parts and overlong
 * part headers are 400s, too many bytes a 413 naming the limits (Spring reports all of them as
 * "max upload size exceeded").
 */
@RestControllerAdvice
@Order(-1)
public class UploadErrors {

    private final FileProperties properties;

    public UploadErrors(FileProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiError> refused(MaxUploadSizeExceededException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("FileCountLimitExceededException")) {
                return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ApiError("too_many_parts",
                        "the multipart body has more parts than allowed; a message takes at most "
                                + properties.maxFilesPerMessage() + " files"));
            }
            if (t.getMessage() != null && t.getMessage().startsWith("Header section has more than")) {
                return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ApiError("invalid_multipart",
                        "the headers of a part are longer than " + UploadConnector.MAX_PART_HEADER_SIZE
                                + " bytes (a file name that long?)"));
            }
        }
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(new ApiError("payload_too_large",
                "the upload is larger than allowed (" + FileProperties.human(properties.maxFileSize()) + " per file, "
                        + FileProperties.human(properties.maxMessageSize()) + " per message)"));
    }
}
