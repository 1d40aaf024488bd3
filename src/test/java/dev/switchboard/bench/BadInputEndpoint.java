package dev.switchboard.bench;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One public endpoint as the bad-input run sees it: how a valid request looks, which door it
 * goes through (and so which credentials are right), what a refused request must leave
 * unchanged, and what to put back after a request that was accepted.
 *
 * @param name      {@code METHOD /path} as the report names it ({@code {id}} for the path's id)
 * @param area      {@code desk}, {@code bot-api}, {@code botframework}, {@code files} or {@code ops}
 * @param method    the valid request's method
 * @param template  the path with {@code {id}} where {@link #id} goes
 * @param id        the id in the valid path (read when each request is made: it may change), or null
 * @param door      which credentials are right
 * @param weight    share of the requests (relative)
 * @param body      a valid body for a random generator (null: the request has none)
 * @param envelope  the wrapping object of desk API bodies ({@code case}, {@code message}, ...), or null
 * @param form      whether form bodies are read (PHP-style fields)
 * @param multipart whether multipart uploads are read ({@code <envelope>[attachments][n]})
 * @param query     a valid query string (without {@code ?}), or ""
 * @param params    the query parameters this endpoint reads, with a valid value each
 * @param watch     desk API paths (read as the administrator) a refused request must leave as they were
 * @param repair    what to do after an accepted request (e.g. delete the rule it created), or null
 */
record BadInputEndpoint(String name, String area, String method, String template, Supplier<String> id, Door door,
        int weight, BiFunction<Random, Integer, ObjectNode> body, String envelope, boolean form, boolean multipart,
        String query, Map<String, String> params, List<String> watch, Consumer<BadInputHttp.Response> repair) {

    /** The credentials an endpoint takes. */
    enum Door {
        /** the desk API: staff Basic (any staff member) */
        STAFF,
        /** the desk API, administrators only */
        ADMIN,
        /** the bot API: {@code Token <bot token>} */
        BOT,
        /** the Bot Framework messaging endpoint: the Connector's JWT */
        CONNECTOR,
        /** download links: the signature in the query */
        LINK,
        /** open to anyone (health, the index page, the API documentation) */
        OPEN,
        /** the console and Jolokia: an administrator's Basic (and the CSRF token for Jolokia) */
        CONSOLE
    }

    /** The valid path (template with the current id). */
    String path() {
        return id == null ? template : template.replace("{id}", id.get());
    }

    String target() {
        return query.isEmpty() ? path() : path() + "?" + query;
    }

    boolean hasBody() {
        return body != null;
    }

    static Builder of(String area, String method, String template) {
        return new Builder(area, method, template);
    }

    static final class Builder {
        private final String area;
        private final String method;
        private final String template;
        private Supplier<String> id;
        private Door door = Door.STAFF;
        private int weight = 1;
        private BiFunction<Random, Integer, ObjectNode> body;
        private String envelope;
        private boolean form;
        private boolean multipart;
        private String query = "";
        private Map<String, String> params = Map.of();
        private List<String> watch = List.of();
        private Consumer<BadInputHttp.Response> repair;

        private Builder(String area, String method, String template) {
            this.area = area;
            this.method = method;
            this.template = template;
        }

        Builder id(Supplier<String> value) {
            this.id = value;
            return this;
        }

        Builder id(long value) {
            String text = Long.toString(value);
            this.id = () -> text;
            return this;
        }

        Builder door(Door value) {
            this.door = value;
            return this;
        }

        Builder weight(int value) {
            this.weight = value;
            return this;
        }

        /** A desk API body: {@code {"<envelope>":{...}}}, read as JSON and as form fields. */
        Builder body(String envelopeName, BiFunction<Random, Integer, ObjectNode> value) {
            this.envelope = envelopeName;
            this.body = value;
            this.form = envelopeName != null;
            return this;
        }

        Builder multipart() {
            this.multipart = true;
            return this;
        }

        Builder query(String value) {
            this.query = value;
            return this;
        }

        Builder params(Map<String, String> value) {
            this.params = value;
            return this;
        }

        Builder watch(String... paths) {
            this.watch = List.of(paths);
            return this;
        }

        Builder repair(Consumer<BadInputHttp.Response> value) {
            this.repair = value;
            return this;
        }

        BadInputEndpoint build() {
            String name = method + " " + template + (query.isEmpty() ? "" : "?" + query.replaceAll("=[^&]*", "="));
            return new BadInputEndpoint(name, area, method, template, id, door, weight, body, envelope, form, multipart,
                    query, params, watch, repair);
        }
    }
}
