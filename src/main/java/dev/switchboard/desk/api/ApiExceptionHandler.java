package dev.switchboard.desk.api;

import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.switchboard.pipeline.InboundAnswers;
import dev.switchboard.platform.Overloaded;

/**
 * Turns every refused request into a 4xx with {@code {"error","description"}}: bad input never
 * becomes a 500 or a stack trace. Anything unexpected is logged with a stable code and answered
 * 500 without internals.
 */
@RestControllerAdvice
@Order(0)
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> refused(ApiException e) {
        return answer(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        BodyTooLargeException tooLarge = causeOf(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            return answer(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", tooLarge.getMessage());
        }
        Throwable cause = e.getCause();
        if (cause instanceof FormBodyConverter.InvalidForm form) {
            return answer(HttpStatus.BAD_REQUEST, "invalid_field", form.getMessage());
        }
        if (cause instanceof JsonParseException parse) {
            return answer(HttpStatus.BAD_REQUEST, "invalid_json", "the body is not valid JSON (line "
                    + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ")");
        }
        if (cause instanceof InvalidFormatException format) {
            return answer(HttpStatus.BAD_REQUEST, "invalid_field", path(format) + " has a wrong type: expected "
                    + typeName(format.getTargetType()) + ", got '" + format.getValue() + "'");
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return answer(HttpStatus.BAD_REQUEST, "invalid_field", path(mismatch) + " has a wrong type: expected "
                    + typeName(mismatch.getTargetType()));
        }
        if (cause instanceof JsonProcessingException) {
            return answer(HttpStatus.BAD_REQUEST, "invalid_json", "the body is not the expected JSON object");
        }
        return answer(HttpStatus.BAD_REQUEST, "missing_body", "the request needs a JSON body");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "send the body as application/json (or form fields, application/x-www-form-urlencoded)");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return answer(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "answers are application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return answer(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                e.getMethod() + " is not supported here; use " + String.join(", ", e.getSupportedMethods() == null
                        ? new String[0] : e.getSupportedMethods()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noSuchPath(NoResourceFoundException e) {
        return answer(HttpStatus.NOT_FOUND, "not_found", "no such endpoint: /" + e.getResourcePath());
    }

    @ExceptionHandler(NoHandlerFoundException.class)
    ResponseEntity<ApiError> noHandler(NoHandlerFoundException e) {
        return answer(HttpStatus.NOT_FOUND, "not_found", "no such endpoint: " + e.getHttpMethod() + " "
                + e.getRequestURL());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return answer(HttpStatus.BAD_REQUEST, "missing_field", e.getParameterName() + " is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return answer(HttpStatus.BAD_REQUEST, "invalid_field", e.getName() + " has a wrong type: expected "
                + typeName(e.getRequiredType()) + ", got '" + e.getValue() + "'");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiError> uploadTooLarge(MaxUploadSizeExceededException e) {
        return answer(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", "the upload is larger than allowed");
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ApiError> multipart(MultipartException e) {
        return answer(HttpStatus.BAD_REQUEST, "invalid_multipart", "the multipart body could not be read");
    }

    /**
     * The firewall checks headers when they are read, which may be in a controller's argument
     * (a header value with control characters, bytes beyond Latin-1): bad input, not a failure.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ApiError> rejected(RequestRejectedException e) {
        return answer(HttpStatus.BAD_REQUEST, "bad_request", dev.switchboard.security.SecurityConfig.REJECTED);
    }

    /** A value longer than its column (SQLSTATE 22001) on a path without an explicit limit. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ApiError> integrity(DataIntegrityViolationException e) {
        java.sql.SQLException sql = causeOf(e, java.sql.SQLException.class);
        if (sql != null && "22001".equals(sql.getSQLState())) {
            return answer(HttpStatus.BAD_REQUEST, "invalid_field", "a value is longer than its field allows");
        }
        return unexpected(e);
    }

    /**
     * The database gave up waiting (a row or table lock held elsewhere past the lock timeout, a
     * deadlock, a statement timeout): the request's transaction was rolled back, nothing of it is
     * stored, and the same request may well succeed shortly.
     */
    @ExceptionHandler(TransientDataAccessException.class)
    ResponseEntity<ApiError> databaseBusy(TransientDataAccessException e, HttpServletRequest request) {
        // not the database's message: H2 quotes the locked row, customers' words among its values
        java.sql.SQLException sql = causeOf(e, java.sql.SQLException.class);
        log.warn("SB-9002 {} {} rolled back, the database gave up waiting ({}, SQLSTATE {})", request.getMethod(),
                request.getRequestURI(), e.getClass().getSimpleName(), sql == null ? "none" : sql.getSQLState());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, InboundAnswers.RETRY_AFTER)
                .body(new ApiError("unavailable", "the database could not complete this request in time (busy with "
                        + "others); nothing of it was stored, send it again later"));
    }

    /** More requests are waiting for their commit than the lane takes (see GroupCommit): nothing was stored. */
    @ExceptionHandler(Overloaded.class)
    ResponseEntity<ApiError> overloaded(Overloaded e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Overloaded.RETRY_AFTER.toSeconds()))
                .body(new ApiError("overloaded", e.getMessage()));
    }

    /**
     * A request answered by a route on another thread (a channel's messaging endpoint) got no
     * answer within the container's async timeout: its route waits on the broker, say. The route
     * may still store the message afterwards, so the caller is asked to send it again and the
     * message's id keeps the copy out (inbound dedup).
     */
    @ExceptionHandler(AsyncRequestTimeoutException.class)
    ResponseEntity<ApiError> noAnswerInTime(AsyncRequestTimeoutException e, HttpServletRequest request) {
        log.warn("SB-6007 {} got no answer within the async request timeout, answered 503", request.getRequestURI());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, InboundAnswers.RETRY_AFTER)
                .body(new ApiError("unavailable", "the message could not be stored in time; send it again later "
                        + "(sent again with the same id, it is stored once)"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("SB-9001 unexpected failure while answering a request", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "the request could not be completed; nothing was changed");
    }

    static ResponseEntity<ApiError> answer(HttpStatus status, String code, String description) {
        return ResponseEntity.status(status).body(new ApiError(code, description));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
