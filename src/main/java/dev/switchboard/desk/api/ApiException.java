package dev.switchboard.desk.api;

import java.util.List;

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

    /** Most ids a list in a request may name (groups, labels): more are no helpdesk's, and each costs a query parameter. */
    public static final int MAX_IDS = 1000;

    /** The distinct ids of a list, refused when there are more than {@link #MAX_IDS}. */
    public static List<Long> distinctIds(String field, java.util.Collection<Long> ids) {
        List<Long> distinct = ids.stream().distinct().toList();
        if (distinct.size() > MAX_IDS) {
            throw invalidField(field, "may hold at most " + MAX_IDS + " ids");
        }
        return distinct;
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
