package dev.switchboard.desk.api;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, with the Omnidesk-style error code clients branch on
 * ({@code case_not_found}, {@code missing_field}, ...) and a description for people.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ApiException(HttpStatus status, String code, String description) {
        super(description);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String code, String description) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, description);
    }

    public static ApiException missingField(String field) {
        return badRequest("missing_field", field + " is required");
    }

    public static ApiException invalidField(String field, String why) {
        return badRequest("invalid_field", field + " " + why);
    }

    public static ApiException notFound(String code, String description) {
        return new ApiException(HttpStatus.NOT_FOUND, code, description);
    }

    public static ApiException forbidden(String code, String description) {
        return new ApiException(HttpStatus.FORBIDDEN, code, description);
    }

    public static ApiException conflict(String code, String description) {
        return new ApiException(HttpStatus.CONFLICT, code, description);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
