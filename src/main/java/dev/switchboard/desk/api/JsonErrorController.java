package dev.switchboard.desk.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (servlet container, filters) end here: they get the same JSON
 * body as API errors instead of Boot's default page.
 */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (status == HttpStatus.NOT_IMPLEMENTED) {
            // a servlet's answer to a method it does not know (Jolokia's to PATCH): the client's
            // request is what is wrong, not the server
            status = HttpStatus.METHOD_NOT_ALLOWED;
        }
        // a fixed content type: a browser asking for text/html still gets the status, not a 406
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(code(status), status.getReasonPhrase()));
    }

    /** The error code of a status answered without a more specific one. */
    public static String code(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "not_found";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case PAYLOAD_TOO_LARGE -> "payload_too_large";
            case BAD_REQUEST -> "bad_request";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            default -> status.is4xxClientError() ? "bad_request" : "internal_error";
        };
    }
}
