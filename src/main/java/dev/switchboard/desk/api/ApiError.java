package dev.switchboard.desk.api;

/** The body of every error answer: {@code {"error":"<code>","description":"<what is wrong>"}}. */
public record ApiError(String error, String description) {
}
