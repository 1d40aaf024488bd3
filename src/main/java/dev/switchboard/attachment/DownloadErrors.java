package dev.switchboard.attachment;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.util.DisconnectedClientHelper;

import dev.switchboard.desk.api.ApiError;

/**
 * A download the client stopped (a browser cancelling, a phone losing its network) is not a
 * failure of Switchboard: logged at debug, not as {@code SB-9001} with a stack trace — which the
 * generic handler did for every one of them, alerting on nothing. Other I/O failures of a download
 * stay errors.
 */
@RestControllerAdvice(assignableTypes = FilesController.class)
@Order(-1)
public class DownloadErrors {

    private static final Logger log = LoggerFactory.getLogger(DownloadErrors.class);

    @ExceptionHandler({AsyncRequestNotUsableException.class, IOException.class})
    ResponseEntity<ApiError> failed(Exception e) {
        if (e instanceof AsyncRequestNotUsableException || DisconnectedClientHelper.isClientDisconnectedException(e)) {
            log.debug("download stopped by the client: {}", e.toString());
            return null;
        }
        log.error("SB-9001 unexpected failure while answering a request", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ApiError("internal_error", "the file could not be read"));
    }
}
