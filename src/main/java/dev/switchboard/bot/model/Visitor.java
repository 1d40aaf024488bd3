package dev.switchboard.bot.model;

import java.util.Map;

/** The customer: an opaque id (our user id) and profile fields (name, email, phone). */
public record Visitor(String id, Map<String, String> fields) {
}
