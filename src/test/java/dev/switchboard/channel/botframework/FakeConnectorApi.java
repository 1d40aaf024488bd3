package dev.switchboard.channel.botframework;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Bot Connector REST API (v3) below a serviceUrl: reply, send, create conversation, attachment
 * upload, info and download. Every call needs {@code Authorization: Bearer <token>} with a token
 * from {@link FakeTokenService}; queued answers replace the next authorized calls.
 */
final class FakeConnectorApi {

    /** Where a Connector request goes; {@code operation} is null for an unknown route. */
    record Route(String operation, String conversationId, String activityId, String attachment) {}

    private record Stored(String name, String type, byte[] original, byte[] thumbnail) {}

    private final FakeTokenService tokens;
    private final Supplier<String> serviceUrl;
    private final Map<String, Stored> attachments = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Answer> queued = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();

    FakeConnectorApi(FakeTokenService tokens, Supplier<String> serviceUrl) {
        this.tokens = tokens;
        this.serviceUrl = serviceUrl;
    }

    /** {@code path} is what follows the serviceUrl, still percent-encoded, e.g. {@code v3/conversations/19%3Aa/activities}. */
    static Route route(String method, String path) {
        String[] s = path.split("/", -1);
        boolean post = method.equals("POST");
        boolean v3 = s.length > 1 && s[0].equals("v3");
        if (v3 && s[1].equals("conversations")) {
            if (s.length == 2 && post) {
                return new Route("createConversation", null, null, null);
            }
            String conversation = s.length >= 4 && !s[2].isEmpty() ? FakeBotConnector.decode(s[2]) : null;
            if (conversation != null && post && s[3].equals("activities")) {
                if (s.length == 4) {
                    return new Route("sendToConversation", conversation, null, null);
                }
                if (s.length == 5 && !s[4].isEmpty()) {
                    return new Route("replyToActivity", conversation, FakeBotConnector.decode(s[4]), null);
                }
            }
            if (conversation != null && post && s.length == 4 && s[3].equals("attachments")) {
                return new Route("uploadAttachment", conversation, null, null);
            }
        } else if (v3 && s[1].equals("attachments") && method.equals("GET") && s.length >= 3 && !s[2].isEmpty()) {
            String id = FakeBotConnector.decode(s[2]);
            if (s.length == 3) {
                return new Route("getAttachmentInfo", null, null, id);
            }
            if (s.length == 5 && s[3].equals("views") && !s[4].isEmpty()) {
                return new Route("getAttachment", null, null, id + "/" + FakeBotConnector.decode(s[4]));
            }
        }
        return new Route(null, null, null, null);
    }

    Reply serve(RecordedRequest request, Route route) {
        if (route.operation() == null) {
            return Reply.error(404, "No Connector operation " + request.method() + " " + request.rawPath());
        }
        if (!tokens.accepts(request.authorization())) {
            return Reply.error(401, "Authorization has been denied for this request.");
        }
        JsonNode body = request.json();
        if (request.method().equals("POST")) {
            String type = request.header("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                return Reply.error(415, "Content-Type must be application/json, was " + type);
            }
            if (body == null || !body.isObject()) {
                return Reply.error(400, "The body is not a JSON object");
            }
        }
        Answer next = queued.poll();
        if (next != null) {
            return Reply.of(next);
        }
        return switch (route.operation()) {
            case "sendToConversation", "replyToActivity" -> body.path("type").isTextual()
                    ? Reply.json(201, Map.of("id", newActivityId()))
                    : Reply.error(400, "The activity has no type");
            case "createConversation" -> createConversation(body);
            case "uploadAttachment" -> upload(body);
            case "getAttachmentInfo" -> info(route.attachment());
            default -> download(route.attachment());
        };
    }

    void enqueue(List<Answer> answers) {
        queued.addAll(answers);
    }

    String put(String id, String name, String contentType, byte[] original, byte[] thumbnail) {
        String key = id != null ? id : "0-weu-d1-" + Long.toHexString(System.nanoTime()) + ids.incrementAndGet();
        attachments.put(key, new Stored(name, contentType, original, thumbnail));
        return key;
    }

    byte[] original(String id) {
        Stored stored = attachments.get(id);
        return stored == null ? null : stored.original();
    }

    private Reply createConversation(JsonNode parameters) {
        if (!parameters.path("members").isArray() || parameters.path("members").isEmpty()) {
            return Reply.error(400, "members must name at least one member");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", "a:1" + Long.toString(System.nanoTime(), 36) + ids.incrementAndGet());
        answer.put("serviceUrl", serviceUrl.get());
        if (parameters.path("activity").isObject()) {
            answer.put("activityId", newActivityId());
        }
        return Reply.json(201, answer);
    }

    /** {@code AttachmentData}: type, name, originalBase64, thumbnailBase64; answers a {@code ResourceResponse}. */
    private Reply upload(JsonNode data) {
        if (!data.path("type").isTextual() || !data.path("originalBase64").isTextual()) {
            return Reply.error(400, "AttachmentData needs type and originalBase64");
        }
        try {
            byte[] original = Base64.getMimeDecoder().decode(data.get("originalBase64").asText());
            byte[] thumbnail = data.path("thumbnailBase64").isTextual()
                    ? Base64.getMimeDecoder().decode(data.get("thumbnailBase64").asText()) : null;
            String id = put(null, data.path("name").asText(null), data.get("type").asText(), original, thumbnail);
            return Reply.json(201, Map.of("id", id));
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "originalBase64 is not base64");
        }
    }

    /** {@code AttachmentInfo}: name, type, views [{viewId, size}]. */
    private Reply info(String id) {
        Stored stored = attachments.get(id);
        if (stored == null) {
            return Reply.error(404, "No attachment " + id);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", stored.name());
        info.put("type", stored.type());
        info.put("views", stored.thumbnail() == null
                ? List.of(Map.of("viewId", "original", "size", stored.original().length))
                : List.of(Map.of("viewId", "original", "size", stored.original().length),
                        Map.of("viewId", "thumbnail", "size", stored.thumbnail().length)));
        return Reply.json(200, info);
    }

    private Reply download(String idAndView) {
        int slash = idAndView.lastIndexOf('/');
        Stored stored = attachments.get(idAndView.substring(0, slash));
        String view = idAndView.substring(slash + 1);
        byte[] bytes = stored == null ? null
                : view.equals("original") ? stored.original() : view.equals("thumbnail") ? stored.thumbnail() : null;
        return bytes == null ? Reply.error(404, "No attachment view " + idAndView) : Reply.bytes(stored.type(), bytes);
    }

    private String newActivityId() {
        return "1:" + Instant.now().toEpochMilli() + ids.incrementAndGet();
    }
}
