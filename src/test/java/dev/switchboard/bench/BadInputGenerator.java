package dev.switchboard.bench;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.switchboard.bench.BadInputEndpoint.Door;
import dev.switchboard.bench.BadInputHttp.Framing;
import dev.switchboard.bench.BadInputHttp.Request;
import dev.switchboard.channel.botframework.Auth;
import dev.switchboard.channel.botframework.FakeBotConnector;

/**
 * Makes the bad requests: for an endpoint and a seeded random generator, one request that is the
 * endpoint's valid request changed in one way — a field of the body mutated (wrong type, very
 * long, unicode edge cases, numbers at the edges, unknown ids, missing, extra), the envelope
 * wrong, the JSON broken (truncated, invalid UTF-8, deep nesting, duplicate keys, huge arrays),
 * form fields with broken PHP-style names, multipart bodies with broken boundaries, a wrong or
 * missing Content-Type, a body over the limit, another method, a mutated path or query, other
 * credentials, odd headers — or, for the Bot Framework endpoint, a broken JWT; for download
 * links, a forged, truncated or expired link.
 * <p>
 * Each request is labelled {@code kind:detail} so a failure names what was done.
 */
final class BadInputGenerator {

    /** One request to send, and what was done to the valid one. */
    record Probe(BadInputEndpoint endpoint, String kind, String detail, Request request) {
        String label() {
            return kind + ":" + detail;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONE_HIGH = "\u0001LONE_HIGH\u0001";
    private static final String LONE_LOW = "\u0001LONE_LOW\u0001";
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD",
            "TRACE", "FOO", "get", "PROPFIND", "CONNECT");

    private final BadInputFixtures f;
    private final FakeBotConnector connector;
    private final BadInputPeers peers;
    private final int port;
    private final long apiLimit;
    private final long activityLimit;
    private final Set<String> routes;
    private final Function<Void, byte[]> linkKey;

    /**
     * @param routes  {@code METHOD template} of every catalog endpoint: another method is only tried
     *                where it is not itself an endpoint (a DELETE on the victim rule would delete it)
     * @param linkKey the installation's download-link key (for links correctly signed but expired)
     */
    BadInputGenerator(BadInputFixtures fixtures, FakeBotConnector connector, BadInputPeers peers, int port,
            long apiLimit, long activityLimit, Set<String> routes, Function<Void, byte[]> linkKey) {
        this.f = fixtures;
        this.connector = connector;
        this.peers = peers;
        this.port = port;
        this.apiLimit = apiLimit;
        this.activityLimit = activityLimit;
        this.routes = routes;
        this.linkKey = linkKey;
    }

    Probe next(BadInputEndpoint e, Random r, int n) {
        ObjectNode body = e.hasBody() ? e.body().apply(r, n) : null;
        String kind = kind(e, r);
        return switch (kind) {
            case "field" -> field(e, r, body);
            case "envelope" -> envelope(e, r, body);
            case "syntax" -> syntax(e, r, body);
            case "form" -> form(e, r, body);
            case "multipart" -> multipart(e, r, body);
            case "content-type" -> contentType(e, r, body);
            case "oversized" -> oversized(e, r, body);
            case "method" -> method(e, r, body);
            case "path" -> path(e, r, body);
            case "auth" -> auth(e, r, body);
            case "headers" -> headers(e, r, body);
            case "query" -> query(e, r, body);
            case "jwt" -> jwt(e, r, body);
            case "link" -> link(e, r);
            case "valid" -> new Probe(e, "valid", "as is", base(e, body));
            default -> throw new IllegalStateException(kind);
        };
    }

    private static String kind(BadInputEndpoint e, Random r) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        switch (e.door()) {
            case CONNECTOR -> {
                weights.put("jwt", 22);
                weights.put("field", 26);
                weights.put("syntax", 12);
                weights.put("envelope", 5);
                weights.put("content-type", 8);
                weights.put("oversized", 4);
                weights.put("method", 5);
                weights.put("path", 6);
                weights.put("headers", 5);
                weights.put("query", 2);
                weights.put("valid", 5);
            }
            case LINK -> {
                weights.put("link", 50);
                weights.put("path", 14);
                weights.put("method", 10);
                weights.put("headers", 10);
                weights.put("query", 10);
                weights.put("auth", 3);
                weights.put("valid", 3);
            }
            case OPEN, CONSOLE -> {
                weights.put("auth", e.door() == Door.CONSOLE ? 40 : 8);
                weights.put("query", 12);
                weights.put("path", 18);
                weights.put("method", 14);
                weights.put("headers", 14);
                weights.put("oversized", 2);
                weights.put("valid", 3);
            }
            default -> {
                if (e.hasBody()) {
                    weights.put("field", 30);
                    weights.put("envelope", 8);
                    weights.put("syntax", 12);
                    weights.put("form", 8);
                    weights.put("multipart", e.multipart() ? 8 : 2);
                    weights.put("content-type", 7);
                    weights.put("oversized", 3);
                    weights.put("method", 4);
                    weights.put("path", 7);
                    weights.put("auth", 9);
                    weights.put("headers", 4);
                    weights.put("query", 2);
                    weights.put("valid", 2);
                } else {
                    weights.put("query", e.params().isEmpty() ? 10 : 30);
                    weights.put("path", e.id() != null ? 22 : 14);
                    weights.put("method", 10);
                    weights.put("auth", 20);
                    weights.put("headers", 10);
                    weights.put("syntax", 4);
                    weights.put("oversized", 2);
                    weights.put("valid", 3);
                }
            }
        }
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int pick = r.nextInt(total);
        for (Map.Entry<String, Integer> w : weights.entrySet()) {
            pick -= w.getValue();
            if (pick < 0) {
                return w.getKey();
            }
        }
        throw new IllegalStateException();
    }

    // ---- the valid request -----------------------------------------------------------------------

    /** The endpoint's valid request with this body (as JSON). */
    Request base(BadInputEndpoint e, ObjectNode body) {
        List<String[]> headers = new ArrayList<>(validAuth(e, body));
        byte[] bytes = new byte[0];
        if (body != null) {
            headers.add(new String[] {"Content-Type", e.door() == Door.CONNECTOR ? "application/json; charset=utf-8"
                    : "application/json"});
            bytes = bytes(body);
        }
        if (e.door() == Door.CONNECTOR) {
            headers.add(new String[] {"User-Agent", "Microsoft-BotFramework/3.1 (bad-input)"});
        }
        return new Request(e.method(), e.target(), headers, bytes, Framing.LENGTH);
    }

    private List<String[]> validAuth(BadInputEndpoint e, ObjectNode body) {
        return switch (e.door()) {
            case STAFF, ADMIN -> List.<String[]>of(new String[] {"Authorization", basic(SwitchboardProcess.ADMIN_EMAIL,
                    SwitchboardProcess.ADMIN_KEY)});
            case BOT -> List.<String[]>of(new String[] {"Authorization", "Token " + f.botToken});
            case CONNECTOR -> List.<String[]>of(new String[] {"Authorization", connector.authorization(body, Auth.VALID)});
            case CONSOLE -> List.of(new String[] {"Authorization", basic(SwitchboardProcess.ADMIN_EMAIL,
                    SwitchboardProcess.ADMIN_KEY)}, new String[] {"Cookie", "XSRF-TOKEN=badinput"},
                    new String[] {"X-XSRF-TOKEN", "badinput"});
            case LINK, OPEN -> List.of();
        };
    }

    // ---- body: one field ---------------------------------------------------------------------------

    /** A place in a JSON tree: its parent and its name or index, and a readable path. */
    private record Spot(JsonNode parent, String name, int index, String path) {
        JsonNode value() {
            return name != null ? parent.get(name) : parent.get(index);
        }

        void set(JsonNode value) {
            if (name != null) {
                ((ObjectNode) parent).set(name, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (name != null) {
                ((ObjectNode) parent).remove(name);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static void spots(JsonNode node, String path, List<Spot> into) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                String child = path.isEmpty() ? name : path + "." + name;
                into.add(new Spot(node, name, -1, child));
                spots(node.get(name), child, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String child = path + "[" + i + "]";
                into.add(new Spot(node, null, i, child));
                spots(node.get(i), child, into);
            }
        }
    }

    private Probe field(BadInputEndpoint e, Random r, ObjectNode body) {
        ObjectNode valid = body.deepCopy();
        List<Spot> spots = new ArrayList<>();
        spots(body, "", spots);
        // the envelope itself is the envelope kind's business: here the fields inside it
        if (e.envelope() != null && spots.size() > 1) {
            spots.removeIf(s -> s.path().equals(e.envelope()));
        }
        if (spots.isEmpty()) {
            // an empty valid body: the mutation is a field it does not know
            body.set(pick(r, "unknown", "user_id", "chat", "x"), anyValue(r));
            return new Probe(e, "field", "(empty body):extra-field", changed(e, valid, bytes(body)));
        }
        Spot spot = spots.get(r.nextInt(spots.size()));
        String op;
        switch (r.nextInt(11)) {
            case 0, 1 -> {
                op = "type";
                spot.set(otherType(r, spot.value()));
            }
            case 2 -> {
                op = "long-string";
                spot.set(TextNode.valueOf(longString(r)));
            }
            case 3, 4 -> {
                op = "unicode";
                spot.set(TextNode.valueOf(unicode(r)));
            }
            case 5 -> {
                op = "number";
                spot.set(number(r));
            }
            case 6 -> {
                op = "unknown-id";
                spot.set(LongNode.valueOf(pick(r, 999_999_999L, 2_147_483_647L, 4_611_686_018_427_387_904L, 0L, -7L)));
            }
            case 7 -> {
                op = "missing";
                spot.remove();
            }
            case 8 -> {
                op = "extra-field";
                if (spot.parent().isObject()) {
                    ((ObjectNode) spot.parent()).set(pick(r, "unknown", "id", "case_id", "created_at", "__proto__",
                            "constructor", "", " ", "ümlaut", spot.name() + "_", spot.name().toUpperCase(Locale.ROOT)),
                            anyValue(r));
                } else {
                    ((ArrayNode) spot.parent()).add(anyValue(r));
                }
            }
            case 9 -> {
                op = "empty";
                JsonNode value = spot.value();
                spot.set(value.isArray() ? JSON.createArrayNode() : value.isObject() ? JSON.createObjectNode()
                        : TextNode.valueOf(pick(r, "", " ", "\t\n")));
            }
            default -> {
                op = "string";
                spot.set(TextNode.valueOf(plainString(r)));
            }
        }
        return new Probe(e, "field", spot.path() + ":" + op, changed(e, valid, bytes(body)));
    }

    private JsonNode otherType(Random r, JsonNode value) {
        for (int i = 0; i < 5; i++) {
            JsonNode candidate = switch (r.nextInt(6)) {
                case 0 -> TextNode.valueOf(pick(r, "abc", "", "1", "true", "null", "[]", "{}", "0x10", "1,2"));
                case 1 -> number(r);
                case 2 -> BooleanNode.valueOf(r.nextBoolean());
                case 3 -> {
                    ArrayNode array = JSON.createArrayNode();
                    if (r.nextBoolean()) {
                        array.add(value.deepCopy());
                    }
                    yield array;
                }
                case 4 -> {
                    ObjectNode object = JSON.createObjectNode();
                    if (r.nextBoolean()) {
                        object.set(pick(r, "value", "id", "x"), value.deepCopy());
                    }
                    yield object;
                }
                default -> NullNode.getInstance();
            };
            if (candidate.getNodeType() != value.getNodeType()) {
                return candidate;
            }
        }
        return NullNode.getInstance();
    }

    private static JsonNode number(Random r) {
        return switch (r.nextInt(14)) {
            case 0 -> IntNode.valueOf(0);
            case 1 -> LongNode.valueOf(-1);
            case 2 -> LongNode.valueOf(Long.MIN_VALUE);
            case 3 -> LongNode.valueOf(Long.MAX_VALUE);
            case 4 -> BigIntegerNode.valueOf(BigInteger.TWO.pow(63));
            case 5 -> BigIntegerNode.valueOf(BigInteger.TEN.pow(30));
            case 6 -> DoubleNode.valueOf(1e20);
            case 7 -> DoubleNode.valueOf(1.5);
            case 8 -> DoubleNode.valueOf(-0.0);
            case 9 -> DoubleNode.valueOf(1e-300);
            case 10 -> LongNode.valueOf(2_147_483_648L);
            case 11 -> IntNode.valueOf(Integer.MAX_VALUE);
            case 12 -> LongNode.valueOf(-999_999_999L);
            default -> DoubleNode.valueOf(Double.MAX_VALUE);
        };
    }

    private JsonNode anyValue(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> TextNode.valueOf(plainString(r));
            case 1 -> number(r);
            case 2 -> BooleanNode.TRUE;
            case 3 -> NullNode.getInstance();
            case 4 -> JSON.createArrayNode().add(1).add("x");
            default -> JSON.createObjectNode().put("nested", unicode(r));
        };
    }

    private String plainString(Random r) {
        return pick(r, "x", "", "   ", "null", "undefined", "0", "-1", "true", "2024-13-45", "Mon, 32 Foo 2014 25:61:61 +9999",
                "<script>alert(1)</script>", "' OR 1=1 --", "\"; DROP TABLE desk_case; --", "${jndi:ldap://127.0.0.1:1/x}",
                "{{7*7}}", "[case_id][user_email]", "../../etc/passwd", "..\\..\\windows\\win.ini", "%00", "%2e%2e%2f",
                "a@b", "@", "no-at-sign", "a@b.c" + "x".repeat(320), "+", "+1" + "9".repeat(40), "javascript:alert(1)",
                "file:///etc/passwd", "ftp://127.0.0.1/x", "http://", "http://127.0.0.1:1/nothing", "http://[::1]:1/",
                "http://a b/", "//127.0.0.1/x", peers.url("/file/missing"),
                "http://user:pass@127.0.0.1:" + peers.port() + "/file/basic.txt",
                "http://127.0.0.1:" + port + "/actuator/health", "cch0", "cch999999", "100-000000", "100-999999",
                "open", "closed", "sync", "form", "online", "offline", "invisible", "operator", "keyboard");
    }

    private static String longString(Random r) {
        int length = pick(r, 201, 256, 321, 1001, 2001, 4097, 65_537, 100_000, 300_000);
        String unit = pick(r, "a", "я", "😀", "e\u0301", "\u0000");
        StringBuilder text = new StringBuilder(length * 2);
        while (text.length() < length) {
            text.append(unit);
        }
        return text.toString();
    }

    private static String unicode(Random r) {
        return pick(r, "\u0000", "nul\u0000inside", "\u202Egnp.exe", "\uFEFFbom", "😀".repeat(50), "e\u0301\u0301\u0301",
                LONE_HIGH, LONE_LOW, "x" + LONE_HIGH + "y", "\u2028\u2029", "\u0085next", "ＡＢＣ＠ｅｘａｍｐｌｅ．ｃｏｍ",
                "İıß", "\uFFFF\uFFFE", "\u200B\u200C\u200D", "Z\u0337\u0322\u031B\u031B".repeat(30), "\t\r\n",
                "\r\nX-Injected: 1", "\u001B[31mred", "𝕏𝕐ℤ", "ﷺ", "مرحبا", "漢字", "\uDBFF\uDFFF",
                "a".repeat(199) + "😀", "\u0007\u0008\u000B\u000C");
    }

    // ---- body: the envelope and the top level --------------------------------------------------------

    private Probe envelope(BadInputEndpoint e, Random r, ObjectNode body) {
        String env = e.envelope();
        String text;
        String detail;
        if (env != null) {
            JsonNode inner = body.get(env) == null ? JSON.createObjectNode() : body.get(env);
            switch (r.nextInt(14)) {
                case 0 -> { detail = "empty-object"; text = "{}"; }
                case 1 -> { detail = "null"; text = "{\"" + env + "\":null}"; }
                case 2 -> { detail = "string"; text = "{\"" + env + "\":\"text\"}"; }
                case 3 -> { detail = "array"; text = "{\"" + env + "\":[" + inner + "]}"; }
                case 4 -> { detail = "number"; text = "{\"" + env + "\":5}"; }
                case 5 -> { detail = "bare-fields"; text = inner.toString(); }
                case 6 -> {
                    String wrong = pick(r, env + "s", env.toUpperCase(Locale.ROOT), " " + env, env + " ", "data", "");
                    detail = "wrong-name:" + wrong;
                    text = "{\"" + wrong + "\":" + inner + "}";
                }
                case 7 -> { detail = "empty-fields"; text = "{\"" + env + "\":{}}"; }
                case 8 -> { detail = "nested-twice"; text = "{\"" + env + "\":" + body + "}"; }
                case 9 -> { detail = "top-level-array"; text = "[" + body + "]"; }
                case 10 -> { detail = "top-level-scalar"; text = pick(r, "\"text\"", "42", "null", "true", "-1.5e400"); }
                case 11 -> { detail = "extra-top-level"; text = body.toString().replaceFirst("^\\{", "{\"extra\":{\"a\":1},"); }
                case 12 -> { detail = "bool"; text = "{\"" + env + "\":true}"; }
                default -> { detail = "other-envelope"; text = "{\"" + pick(r, "case", "message", "user", "staff", "note",
                        "rule", "bot", "group", "label", "custom_channel", "chat") + "\":" + inner + "}"; }
            }
        } else {
            switch (r.nextInt(9)) {
                case 0 -> { detail = "empty-object"; text = "{}"; }
                case 1 -> { detail = "null"; text = "null"; }
                case 2 -> { detail = "array"; text = "[" + body + "]"; }
                case 3 -> { detail = "string"; text = "\"" + body.toString().replace("\"", "\\\"") + "\""; }
                case 4 -> { detail = "number"; text = "42"; }
                case 5 -> { detail = "wrapped"; text = "{\"" + pick(r, "message", "activity", "data", "case") + "\":" + body + "}"; }
                case 6 -> { detail = "empty-array"; text = "[]"; }
                case 7 -> { detail = "true"; text = "true"; }
                default -> { detail = "all-null"; text = nullAll(body).toString(); }
            }
        }
        return new Probe(e, "envelope", detail, changed(e, body, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode nullAll(ObjectNode body) {
        ObjectNode copy = JSON.createObjectNode();
        body.fieldNames().forEachRemaining(name -> copy.putNull(name));
        return copy;
    }

    // ---- body: broken JSON ------------------------------------------------------------------------------

    private Probe syntax(BadInputEndpoint e, Random r, ObjectNode body) {
        byte[] valid = body == null ? "{\"a\":1}".getBytes(StandardCharsets.UTF_8) : bytes(body);
        String text = new String(valid, StandardCharsets.UTF_8);
        String detail;
        byte[] broken;
        switch (r.nextInt(20)) {
            case 0 -> {
                int at = r.nextInt(Math.max(1, valid.length));
                detail = "truncated-at-" + at;
                broken = java.util.Arrays.copyOf(valid, at);
            }
            case 1, 2 -> {
                byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF},
                        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0x80}};
                byte[] insert = bad[r.nextInt(bad.length)];
                // inside a string value when there is one, else anywhere
                int quote = text.lastIndexOf("\":\"");
                int at = quote > 0 ? utf8Index(text, quote + 3) : r.nextInt(valid.length + 1);
                detail = "invalid-utf8-" + HexFormat.of().formatHex(insert);
                broken = insertBytes(valid, at, insert);
            }
            case 3 -> {
                int depth = pick(r, 100, 1001, 5000, 100_000);
                detail = "deep-arrays-" + depth;
                broken = replaceLastValue(text, "[".repeat(depth) + "]".repeat(depth));
            }
            case 4 -> {
                int depth = pick(r, 100, 1001, 5000, 50_000);
                detail = "deep-objects-" + depth;
                broken = replaceLastValue(text, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
            }
            case 5 -> {
                detail = "duplicate-keys";
                broken = duplicateKeys(r, body, text);
            }
            case 6 -> {
                int size = pick(r, 1000, 10_000, 100_000, 300_000);
                detail = "huge-array-" + size;
                StringBuilder array = new StringBuilder("[");
                String element = pick(r, "1", "999999999", "\"x\"", "null", "{}", "[]");
                for (int i = 0; i < size; i++) {
                    array.append(i == 0 ? "" : ",").append(element);
                }
                broken = replaceLastValue(text, array.append(']').toString());
            }
            case 7 -> {
                detail = "bom";
                broken = insertBytes(valid, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            case 8 -> {
                detail = "comments";
                broken = ("/* c */" + text.replaceFirst("\\{", "{ // line\n")).getBytes(StandardCharsets.UTF_8);
            }
            case 9 -> {
                detail = "single-quotes";
                broken = text.replace('"', '\'').getBytes(StandardCharsets.UTF_8);
            }
            case 10 -> {
                detail = "trailing-comma";
                broken = text.replaceFirst("}$", ",}").replaceFirst("}}$", ",}}").getBytes(StandardCharsets.UTF_8);
            }
            case 11 -> {
                String literal = pick(r, "NaN", "Infinity", "-Infinity", "undefined", "01", "+1", ".5", "1.", "0x1F",
                        "1" + "0".repeat(1100), "1e99999", "-", "tru", "nul");
                detail = "literal-" + (literal.length() > 12 ? literal.substring(0, 12) + "..." : literal);
                broken = replaceLastValue(text, literal);
            }
            case 12 -> {
                detail = "control-chars-in-string";
                broken = replaceLastValue(text, "\"a\u0001b\nc\td\u0000\"");
            }
            case 13 -> {
                String escape = pick(r, "\\x41", "\\u12", "\\uZZZZ", "\\", "\\q", "\\ud800\\ud800", "\\udfff");
                detail = "escape-" + escape;
                broken = replaceLastValue(text, "\"a" + escape + "b\"");
            }
            case 14 -> {
                detail = "unterminated-string";
                broken = replaceLastValue(text, "\"never ends");
            }
            case 15 -> {
                detail = "garbage-after";
                broken = (text + pick(r, "garbage", "}", "{}", text, "\u0000", ",")).getBytes(StandardCharsets.UTF_8);
            }
            case 16 -> {
                detail = "whitespace-only";
                broken = pick(r, "", " ", "\n\n", "\t").getBytes(StandardCharsets.UTF_8);
            }
            case 17 -> {
                detail = "not-json";
                broken = pick(r, "hello", "<xml/>", "a=b", "--boundary", "\u0000\u0001\u0002", "\"unclosed")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 18 -> {
                detail = "huge-number";
                broken = replaceLastValue(text, "9".repeat(pick(r, 30, 400, 1001, 100_000)));
            }
            default -> {
                detail = "random-bytes";
                byte[] random = new byte[1 + r.nextInt(2000)];
                r.nextBytes(random);
                broken = random;
            }
        }
        Request base = base(e, body);
        if (body == null) {
            // an endpoint without a body gets one anyway
            base = base.withHeader("Content-Type", "application/json");
        }
        return new Probe(e, "syntax", detail, changed(e, body, broken).withMethod(base.method()));
    }

    private static int utf8Index(String text, int charIndex) {
        return text.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte[] insertBytes(byte[] data, int at, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(data, 0, at);
        out.writeBytes(insert);
        out.write(data, at, data.length - at);
        return out.toByteArray();
    }

    /** The text with its last value (after the last ':') replaced, or the whole body when it has none. */
    private static byte[] replaceLastValue(String json, String value) {
        int colon = json.lastIndexOf("\":");
        if (colon < 0) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        int start = colon + 2;
        int end = start;
        int depth = 0;
        boolean inString = false;
        for (; end < json.length(); end++) {
            char c = json.charAt(end);
            if (inString) {
                if (c == '\\') {
                    end++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
        }
        return (json.substring(0, start) + value + json.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] duplicateKeys(Random r, ObjectNode body, String text) {
        if (body == null || body.isEmpty()) {
            return "{\"a\":1,\"a\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        }
        String first = body.fieldNames().next();
        JsonNode value = body.get(first);
        String twice = switch (r.nextInt(3)) {
            // the whole object again, a second one with other types
            case 0 -> "{\"" + first + "\":" + value + ",\"" + first + "\":" + otherType(r, value) + "}";
            case 1 -> "{\"" + first + "\":" + otherType(r, value) + ",\"" + first + "\":" + value + "}";
            default -> {
                if (value.isObject() && !value.isEmpty()) {
                    String inner = value.fieldNames().next();
                    String innerText = value.toString();
                    String duplicated = innerText.replaceFirst("^\\{", "{\"" + inner + "\":"
                            + otherType(r, value.get(inner)) + ",");
                    yield text.replace(innerText, duplicated);
                }
                yield "{\"" + first + "\":" + value + ",\"" + first + "\":null}";
            }
        };
        return twice.getBytes(StandardCharsets.UTF_8);
    }

    // ---- body: form fields ---------------------------------------------------------------------------

    /** The body as PHP-style form fields ({@code case[labels][]=3}), in order, not yet encoded. */
    private static List<String[]> flatten(Random r, ObjectNode body) {
        List<String[]> pairs = new ArrayList<>();
        boolean indexed = r.nextBoolean();
        body.fields().forEachRemaining(field -> flatten(field.getKey(), field.getValue(), indexed, pairs));
        return pairs;
    }

    private static void flatten(String name, JsonNode value, boolean indexed, List<String[]> pairs) {
        if (value.isObject()) {
            if (value.isEmpty()) {
                pairs.add(new String[] {name, ""});
            }
            value.fields().forEachRemaining(field -> flatten(name + "[" + field.getKey() + "]", field.getValue(), indexed,
                    pairs));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                flatten(name + (indexed ? "[" + i + "]" : "[]"), value.get(i), indexed, pairs);
            }
        } else if (!value.isNull()) {
            pairs.add(new String[] {name, value.asText()});
        }
    }

    private static String encode(List<String[]> pairs) {
        StringBuilder form = new StringBuilder();
        for (String[] pair : pairs) {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(URLEncoder.encode(pair[0], StandardCharsets.UTF_8).replace("%5B", "[").replace("%5D", "]"))
                    .append('=').append(URLEncoder.encode(pair[1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    private Probe form(BadInputEndpoint e, Random r, ObjectNode body) {
        List<String[]> pairs = flatten(r, body);
        if (pairs.isEmpty()) {
            pairs.add(new String[] {"x", "1"});
        }
        String[] victim = pairs.get(r.nextInt(pairs.size()));
        String env = e.envelope() != null ? e.envelope() : victim[0].replaceAll("\\[.*", "");
        String detail;
        String extra = null;
        switch (r.nextInt(20)) {
            case 0, 1 -> detail = "plain";
            case 2 -> { detail = "index-not-a-number"; victim[0] = indexed(victim[0], pick(r, "x", "a", "-", " ", "0x1")); }
            case 3 -> { detail = "index-huge"; victim[0] = indexed(victim[0], pick(r, "99999999999", "2147483648",
                    "99999999999999999999999")); }
            case 4 -> { detail = "index-over-limit"; victim[0] = indexed(victim[0], pick(r, "1001", "5000", "999999")); }
            case 5 -> { detail = "index-negative"; victim[0] = indexed(victim[0], "-1"); }
            case 6 -> {
                String broken = pick(r, env + "[content", env + "]content[", env + "[[content]]", env + "[content]]",
                        env + "[]][[", "[" + env + "]", env + "[][][]", env + "[a][b", env + "[" + "[".repeat(50));
                detail = "brackets:" + broken;
                extra = broken + "=x";
            }
            case 7 -> {
                detail = "deep-names";
                extra = env + "[a]".repeat(pick(r, 50, 500, 5000)) + "=x";
            }
            case 8 -> { detail = "empty-name"; extra = pick(r, "=x", "[]=x", "[x]=y", "=", "&=&"); }
            case 9 -> { detail = "envelope-as-list"; extra = env + "[]=x"; }
            case 10 -> { detail = "envelope-flat"; extra = env + "=flat"; }
            case 11 -> {
                detail = "list-and-map";
                extra = victim[0] + "[]=1&" + victim[0] + "[a]=2";
            }
            case 12 -> { detail = "duplicate-names"; extra = victim[0] + "=" + URLEncoder.encode(plainString(r),
                    StandardCharsets.UTF_8); }
            case 13 -> {
                String broken = pick(r, "%", "%zz", "%C3%28", "%FF%FE", "%00", "%E2%82", "%ED%A0%80", "%%%");
                detail = "percent:" + broken;
                extra = env + "[content]=" + broken;
            }
            case 14 -> { detail = "many-pairs"; extra = (env + "[x][]=1&").repeat(pick(r, 1000, 20_000)); }
            case 15 -> { detail = "value-type"; victim[1] = pick(r, "abc", "", "1.5", "-1", "99999999999999999999",
                    "true", "[]", "{}", "null"); }
            case 16 -> { detail = "unicode-value"; victim[1] = unicode(r).replace(LONE_HIGH, "\uFFFD").replace(LONE_LOW, "\uFFFD"); }
            case 17 -> { detail = "no-equals"; extra = env + "[content]"; }
            case 18 -> { detail = "semicolons"; extra = env + "[a]=1;" + env + "[b]=2"; }
            default -> { detail = "long-value"; victim[1] = longString(r); }
        }
        String text = encode(pairs);
        if (extra != null) {
            text = r.nextBoolean() ? text + "&" + extra : extra + "&" + text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (detail.equals("unicode-value") && r.nextBoolean()) {
            // raw bytes beyond ASCII, not percent-encoded, and some that are no UTF-8 at all
            bytes = insertBytes(bytes, bytes.length, new byte[] {'&', 'z', '=', (byte) 0xFF, (byte) 0xC3, 0x28});
        }
        Request request = changed(e, body, bytes).withHeader("Content-Type", pick(r,
                "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
                "application/x-www-form-urlencoded; charset=ISO-8859-1"));
        return new Probe(e, "form", detail, request);
    }

    private static String indexed(String name, String index) {
        if (name.matches(".*\\[\\d*]$")) {
            return name.replaceFirst("\\[\\d*]$", "[" + index + "]");
        }
        return name + "[" + index + "]";
    }

    // ---- body: multipart -------------------------------------------------------------------------------

    private Probe multipart(BadInputEndpoint e, Random r, ObjectNode body) {
        String env = e.envelope() != null ? e.envelope() : "message";
        String boundary = "badinput" + Long.toHexString(r.nextLong());
        List<String[]> fields = flatten(r, body);
        String fileField = env + "[attachments][" + (r.nextBoolean() ? "0" : "") + "]";
        String fileName = "f.txt";
        String fileType = "text/plain";
        byte[] file = BadInputPeers.FILE;
        String detail;
        String typeHeader = "multipart/form-data; boundary=" + boundary;
        String bodyBoundary = boundary;
        boolean close = true;
        String eol = "\r\n";
        String preamble = "";
        String extraPart = null;
        int files = 1;
        int truncate = -1;
        switch (r.nextInt(24)) {
            case 0, 1 -> detail = "plain";
            case 2 -> { detail = "no-boundary-parameter"; typeHeader = "multipart/form-data"; }
            case 3 -> { detail = "other-boundary-in-body"; bodyBoundary = boundary + "x"; }
            case 4 -> { detail = "no-closing-delimiter"; close = false; }
            case 5 -> { detail = "truncated"; truncate = -2; }
            case 6 -> { detail = "part-without-disposition"; extraPart = "Content-Type: text/plain\r\n\r\nx"; }
            case 7 -> { detail = "disposition-without-name"; extraPart = "Content-Disposition: form-data\r\n\r\nx"; }
            case 8 -> { detail = "file-under-other-name"; fileField = pick(r, "file", env + "[attachment]", env + "[files][]",
                    "attachments[]", env + "[attachments][x]", ""); }
            case 9 -> { detail = "attachments-as-text"; extraPart = "Content-Disposition: form-data; name=\"" + env
                    + "[attachments][0]\"\r\n\r\nnot a file"; files = 0; }
            case 10 -> { detail = "huge-part-header"; fileName = "n".repeat(pick(r, 9000, 20_000, 70_000)) + ".txt"; }
            case 11 -> { detail = "hostile-file-name"; fileName = pick(r, "../../etc/passwd", "a\u0000b.txt", "a\r\nb.txt",
                    "\u202Etxt.exe", "\"quoted\".txt", "", ".", "..", "...", "CON", "a/b\\c.txt", "😀.txt",
                    "x".repeat(1000)); }
            case 12 -> { detail = "lf-only"; eol = "\n"; }
            case 13 -> { detail = "preamble-garbage"; preamble = "garbage before the first boundary\r\n"; }
            case 14 -> { detail = "long-boundary"; boundary = "b".repeat(pick(r, 71, 200, 5000)); typeHeader =
                    "multipart/form-data; boundary=" + boundary; bodyBoundary = boundary; }
            case 15 -> { detail = "quoted-boundary"; typeHeader = "multipart/form-data; boundary=\"" + boundary + "\""; }
            case 16 -> { detail = "nested-multipart"; extraPart = "Content-Disposition: form-data; name=\"" + env
                    + "[content]\"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n\r\nx\r\n--inner--"; }
            case 17 -> { detail = "base64-transfer-encoding"; extraPart = "Content-Disposition: form-data; name=\"" + env
                    + "[content]\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!"; }
            case 18 -> { detail = "too-many-files"; files = 21 + r.nextInt(30); }
            case 19 -> { detail = "empty-body"; fields = List.of(); files = 0; close = false; }
            case 20 -> { detail = "text-part-charset"; extraPart = "Content-Disposition: form-data; name=\"" + env
                    + "[content]\"\r\nContent-Type: text/plain; charset=" + pick(r, "bogus-charset", "utf-16", "", "x\"y")
                    + "\r\n\r\ncontent"; }
            case 21 -> { detail = "file-type"; fileType = pick(r, "", "garbage", "text/html", "application/x-msdownload",
                    "image/svg+xml", "text/plain; charset=bogus"); }
            case 22 -> { detail = "empty-file"; file = new byte[0]; fileName = pick(r, "", "empty.txt"); }
            default -> { detail = "boundary-in-content"; file = ("--" + boundary + "\r\nContent-Disposition: form-data; "
                    + "name=\"x\"\r\n\r\ninjected").getBytes(StandardCharsets.UTF_8); }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.UTF_8));
        for (String[] field : fields) {
            out.writeBytes(("--" + bodyBoundary + eol + "Content-Disposition: form-data; name=\"" + field[0] + "\"" + eol + eol)
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(field[1].replace(LONE_HIGH, "?").replace(LONE_LOW, "?").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(eol.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < files; i++) {
            String name = files > 1 ? env + "[attachments][" + i + "]" : fileField;
            out.writeBytes(("--" + bodyBoundary + eol + "Content-Disposition: form-data; name=\"" + name
                    + "\"; filename=\"" + fileName + "\"" + eol + (fileType.isEmpty() ? "" : "Content-Type: " + fileType + eol)
                    + eol).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes(eol.getBytes(StandardCharsets.UTF_8));
        }
        if (extraPart != null) {
            out.writeBytes(("--" + bodyBoundary + eol + extraPart.replace("\r\n", eol) + eol).getBytes(StandardCharsets.UTF_8));
        }
        if (close) {
            out.writeBytes(("--" + bodyBoundary + "--" + eol).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = out.toByteArray();
        if (truncate == -2 && bytes.length > 2) {
            bytes = java.util.Arrays.copyOf(bytes, 1 + r.nextInt(bytes.length - 1));
        }
        return new Probe(e, "multipart", detail, changed(e, body, bytes).withHeader("Content-Type", typeHeader));
    }

    // ---- Content-Type ------------------------------------------------------------------------------------

    private Probe contentType(BadInputEndpoint e, Random r, ObjectNode body) {
        String type = pick(r, null, "", "text/plain", "application/xml", "text/html", "application/json; charset=ISO-8859-1",
                "application/json; charset=UTF-16", "application/json; charset=bogus-charset", "application/json;charset=",
                "application/json; charset=\"utf-8\"", "APPLICATION/JSON", "application/json; boundary=x",
                "application/json, text/plain", "application/vnd.api+json", "application/problem+json",
                "multipart/form-data", "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded",
                "*/*", "application/*", "application/octet-stream", "garbage", "/", "application/json; q=0.5",
                "application/" + "x".repeat(5000), "text/json", "application/x-www-form-urlencoded; charset=UTF-16",
                "application/json;;;", "application/json; charset=utf-8; charset=latin1", "image/png", "ä/ö");
        byte[] bytes = body == null ? new byte[0] : bytes(body);
        Request request = changed(e, body, bytes).withHeader("Content-Type", type);
        return new Probe(e, "content-type", type == null ? "(none)" : abbreviate(type, 60), request);
    }

    // ---- bodies over the limits --------------------------------------------------------------------------

    private Probe oversized(BadInputEndpoint e, Random r, ObjectNode body) {
        long limit = e.door() == Door.CONNECTOR ? activityLimit : apiLimit;
        int size = (int) (limit + 1 + r.nextInt((int) (limit / 2)));
        ObjectNode big = body == null ? JSON.createObjectNode() : body.deepCopy();
        ObjectNode holder = e.envelope() != null && big.get(e.envelope()) instanceof ObjectNode inner ? inner : big;
        String field = e.door() == Door.CONNECTOR ? "text" : holder.has("content") ? "content" : "padding";
        holder.put(field, "x".repeat(size));
        Request base = changed(e, body, bytes(big));
        if (body == null) {
            base = base.withHeader("Content-Type", "application/json");
        }
        return switch (r.nextInt(7)) {
            case 0, 1 -> new Probe(e, "oversized", "json-content-length-" + size, base);
            case 2 -> new Probe(e, "oversized", "json-chunked-" + size, base.withFraming(Framing.CHUNKED));
            case 3 -> {
                String form = (e.envelope() == null ? "text" : e.envelope() + "[content]") + "=" + "x".repeat(size);
                yield new Probe(e, "oversized", "form-" + (r.nextBoolean() ? "chunked" : "length") + "-" + size,
                        base.withBody(form.getBytes(StandardCharsets.UTF_8))
                                .withHeader("Content-Type", "application/x-www-form-urlencoded")
                                .withFraming(r.nextBoolean() ? Framing.CHUNKED : Framing.LENGTH));
            }
            case 4 -> {
                String declared = pick(r, "1000000000000", Long.toString(limit + 1), "9223372036854775807",
                        "99999999999999999999");
                yield new Probe(e, "oversized", "declared-" + declared + "-sent-less",
                        base.withBody(bytes(body == null ? JSON.createObjectNode() : body))
                                .withHeader("Content-Length", declared).withFraming(Framing.NONE));
            }
            case 5 -> {
                if (e.multipart() && r.nextInt(4) == 0) {
                    // a real file one byte over the per-file limit (25 MB), streamed
                    byte[] payload = multipartFile(e.envelope(), 25 * 1024 * 1024 + 1);
                    yield new Probe(e, "oversized", "multipart-file-over-25MB", base.withBody(payload)
                            .withHeader("Content-Type", "multipart/form-data; boundary=bigfile").withFraming(Framing.CHUNKED));
                }
                yield new Probe(e, "oversized", "multipart-declared-60MB", base.withBody(multipartFile(
                        e.envelope() == null ? "message" : e.envelope(), 1000))
                        .withHeader("Content-Type", "multipart/form-data; boundary=bigfile")
                        .withHeader("Content-Length", Long.toString(60L * 1024 * 1024)).withFraming(Framing.NONE));
            }
            default -> new Probe(e, "oversized", "short-body", base.withFraming(Framing.SHORT)
                    .withBody(bytes(body == null ? JSON.createObjectNode() : body)));
        };
    }

    private static byte[] multipartFile(String envelope, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 300);
        out.writeBytes(("--bigfile\r\nContent-Disposition: form-data; name=\"" + (envelope == null ? "message" : envelope)
                + "[attachments][0]\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[size]);
        out.writeBytes("\r\n--bigfile--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    // ---- method and path -------------------------------------------------------------------------------------

    private Probe method(BadInputEndpoint e, Random r, ObjectNode body) {
        List<String> others = new ArrayList<>();
        for (String method : METHODS) {
            if (!method.equals(e.method()) && !routes.contains(method + " " + e.template())) {
                others.add(method);
            }
        }
        String method = others.get(r.nextInt(others.size()));
        Request request = base(e, body).withMethod(method);
        return new Probe(e, "method", method, request);
    }

    private Probe path(BadInputEndpoint e, Random r, ObjectNode body) {
        Request base = base(e, body);
        String path = e.path();
        String query = e.query().isEmpty() ? "" : "?" + e.query();
        String detail;
        String target;
        int choice = r.nextInt(e.id() != null ? 4 : 3);
        if (choice == 3 || (choice == 0 && e.id() != null && r.nextBoolean())) {
            String id = e.id().get();
            String token = pick(r, "abc", "0", "-1", "999999999", "1.5", "1e3", "0x1F", "%20" + id, id + "%00", id + "%20",
                    "+" + id, id + "abc", "9".repeat(30), "null", "%2e%2e", "..", ".", id + "%2F..", id + ";jsessionid=x",
                    id + ";a=b", "%F0%9F%98%80", "%FF", "%D1%8F", "", "{id}", "*", "-0", "100-000000", "100-999999",
                    "cch999999", "%25", "%", "a%2Fb", "\u044f", "x".repeat(3000), "1,2", "[1]", "true");
            detail = "id:" + abbreviate(token, 40);
            target = e.template().replace("{id}", token) + query;
        } else if (choice <= 1) {
            String suffix;
            if (path.endsWith(".json")) {
                String stem = path.substring(0, path.length() - 5);
                suffix = pick(r, "", "/", ".JSON", ".xml", ".json.json", ".json/", ".json//", ";.json", ".json%00", ".js",
                        "%2Ejson", ".json;x=y", ".json/extra.json", ".json~", ".json.bak");
                target = stem + suffix + query;
            } else {
                suffix = pick(r, ".json", "/", "//", "/extra", ";x=y", "%00", "%2F", ".bak", "~");
                target = path + suffix + query;
            }
            detail = "suffix:" + (suffix.isEmpty() ? "(none)" : suffix);
        } else {
            int kind = r.nextInt(17);
            String rest = path.substring(1);
            String second = rest.contains("/") ? rest.substring(rest.indexOf('/')) : "";
            String first = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            switch (kind) {
                case 0 -> { detail = "dot-dot"; target = "/" + first + "/../" + first + second; }
                case 1 -> { detail = "dot"; target = "/" + first + "/." + second; }
                case 2 -> { detail = "double-slash"; target = "/" + first + "/" + second; }
                case 3 -> { detail = "upper-case"; target = path.toUpperCase(Locale.ROOT); }
                case 4 -> { detail = "encoded-slash"; target = "/" + first + second.replaceFirst("/", "%2F"); }
                case 5 -> { detail = "encoded-dot-dot"; target = "/" + first + "/%2e%2e/actuator/health"; }
                case 6 -> { detail = "backslash"; target = "/" + first + second.replace('/', '\\'); }
                case 7 -> { detail = "raw-unicode"; target = path + "/\u044f\u00e9"; }
                case 8 -> { detail = "very-long"; target = path + "/" + "x".repeat(pick(r, 7000, 20_000, 70_000)); }
                case 9 -> { detail = "absolute-form"; target = "http://127.0.0.1:" + port + path; }
                case 10 -> { detail = "no-leading-slash"; target = rest; }
                case 11 -> { detail = "fragment"; target = path + "#fragment"; }
                case 12 -> { detail = "asterisk"; target = "*"; }
                case 13 -> { detail = "raw-specials"; target = path + pick(r, "<>", "{}", "|", "\"", "^", "`", "%"); }
                case 14 -> { detail = "traversal-out"; target = "/" + first + "/../../../../etc/passwd"; }
                case 15 -> { detail = "encoded-everything"; target = percentAll(path); }
                default -> { detail = "null-byte"; target = path + "%00.json"; }
            }
            target += query;
        }
        return new Probe(e, "path", detail, base.withTarget(target));
    }

    private static String percentAll(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            out.append(c == '/' ? "/" : String.format("%%%02X", (int) c));
        }
        return out.toString();
    }

    // ---- credentials ------------------------------------------------------------------------------------------

    private Probe auth(BadInputEndpoint e, Random r, ObjectNode body) {
        Request base = base(e, body);
        String admin = SwitchboardProcess.ADMIN_EMAIL;
        String key = SwitchboardProcess.ADMIN_KEY;
        List<String[]> variants = new ArrayList<>(List.of(
                new String[] {"none", null},
                new String[] {"basic-empty", "Basic"},
                new String[] {"basic-not-base64", "Basic !!!not base64!!!"},
                new String[] {"basic-no-colon", "Basic " + b64("no-colon")},
                new String[] {"wrong-key", basic(admin, "wrong-key")},
                new String[] {"unknown-email", basic("nobody-" + f.tag + "@badinput.example", key)},
                new String[] {"deactivated-staff", basic(f.staffDeactivatedEmail, f.staffDeactivatedKey)},
                new String[] {"non-admin-staff", basic(f.staffPersonEmail, f.staffPersonKey)},
                new String[] {"bearer-key", "Bearer " + key},
                new String[] {"bot-token", "Token " + f.botToken},
                new String[] {"digest", "Digest username=\"" + admin + "\", realm=\"Switchboard\""},
                new String[] {"empty-password", basic(admin, "")},
                new String[] {"huge", "Basic " + b64(admin + ":" + "k".repeat(pick(r, 6000, 20_000)))},
                new String[] {"unicode-user", basic("ädmin😀@badinput.example", key)},
                new String[] {"lower-case-scheme", "basic " + b64(admin + ":" + key)},
                new String[] {"victim-bot-token", "Token " + f.botVictimToken}));
        if (e.door() == Door.BOT) {
            variants.addAll(List.of(
                    new String[] {"token-empty", "Token "},
                    new String[] {"token-wrong", "Token sbbot_" + "0".repeat(40)},
                    new String[] {"token-lower-case-scheme", "token " + f.botToken},
                    new String[] {"token-padded", "Token   " + f.botToken + "   "},
                    new String[] {"token-as-bearer", "Bearer " + f.botToken},
                    new String[] {"staff-basic", basic(admin, key)},
                    new String[] {"token-huge", "Token " + "t".repeat(pick(r, 6000, 20_000))},
                    new String[] {"token-unicode", "Token " + f.botToken + "😀"}));
        }
        String[] variant = variants.get(r.nextInt(variants.size()));
        Request request = base.withHeader("Authorization", variant[1]);
        if (r.nextInt(12) == 0) {
            // valid credentials, but a browser says another site sent it
            variant = new String[] {"cross-site", null};
            request = base.withHeader("Sec-Fetch-Site", pick(r, "cross-site", "same-site"))
                    .withHeader("Origin", "https://evil.example");
        } else if (r.nextInt(12) == 0) {
            variant = new String[] {"two-authorization-headers", null};
            List<String[]> headers = new ArrayList<>(base.headers());
            headers.add(new String[] {"Authorization", basic(admin, "wrong-key")});
            request = new Request(base.method(), base.target(), headers, base.body(), base.framing());
        } else if (e.door() == Door.CONSOLE && r.nextInt(3) == 0) {
            String[] csrf = pick(r, new String[] {"no-csrf-token", null, null},
                    new String[] {"csrf-header-only", null, "badinput"},
                    new String[] {"csrf-cookie-only", "XSRF-TOKEN=badinput", null},
                    new String[] {"csrf-mismatch", "XSRF-TOKEN=badinput", "other"});
            variant = new String[] {csrf[0], null};
            request = base.withHeader("Cookie", csrf[1]).withHeader("X-XSRF-TOKEN", csrf[2]);
        }
        return new Probe(e, "auth", variant[0], request);
    }

    private Probe jwt(BadInputEndpoint e, Random r, ObjectNode body) {
        Request base = base(e, body);
        Auth[] values = Auth.values();
        if (r.nextInt(3) > 0) {
            Auth auth = values[r.nextInt(values.length)];
            return new Probe(e, "jwt", auth.name().toLowerCase(Locale.ROOT),
                    base.withHeader("Authorization", connector.authorization(body, auth)));
        }
        String valid = connector.authorization(body, Auth.VALID);
        String jwt = valid.substring("Bearer ".length());
        String[] parts = jwt.split("\\.");
        String[][] variants = {
                {"bearer-only", "Bearer"},
                {"bearer-empty", "Bearer "},
                {"garbage", "Bearer " + pick(r, "x", "a.b.c", "...", "a.b", "%%%.%%%.%%%")},
                {"huge", "Bearer " + "x".repeat(pick(r, 6000, 20_000))},
                {"lower-case-scheme", "bearer " + jwt},
                {"signature-dropped", "Bearer " + parts[0] + "." + parts[1] + "."},
                {"signature-flipped", "Bearer " + parts[0] + "." + parts[1] + "." + flip(r, parts[2])},
                {"payload-changed", "Bearer " + parts[0] + "." + b64url("{\"iss\":\"https://api.botframework.com\",\"aud\":\""
                        + connector.appId() + "\",\"exp\":9999999999}") + "." + parts[2]},
                {"header-garbage", "Bearer " + b64url("{\"alg\":\"" + pick(r, "HS256", "none", "RS1", "") + "\",\"kid\":"
                        + pick(r, "1", "null", "\"../../etc\"", "[]") + "}") + "." + parts[1] + "." + parts[2]},
                {"not-base64", "Bearer " + parts[0] + ".!!!." + parts[2]},
                {"basic-staff", basic(SwitchboardProcess.ADMIN_EMAIL, SwitchboardProcess.ADMIN_KEY)},
                {"truncated", "Bearer " + jwt.substring(0, r.nextInt(jwt.length()))},
                {"whitespace", "Bearer  " + jwt + " "},
                {"two-tokens", "Bearer " + jwt + ", Bearer " + jwt}};
        String[] variant = variants[r.nextInt(variants.length)];
        return new Probe(e, "jwt", variant[0], base.withHeader("Authorization", variant[1]));
    }

    private static String flip(Random r, String text) {
        if (text.isEmpty()) {
            return "x";
        }
        char[] chars = text.toCharArray();
        int at = r.nextInt(chars.length);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    // ---- headers ------------------------------------------------------------------------------------------

    private Probe headers(BadInputEndpoint e, Random r, ObjectNode body) {
        Request base = base(e, body);
        int kind = r.nextInt(22);
        String detail;
        Request request;
        switch (kind) {
            case 0 -> { detail = "accept-html"; request = base.withHeader("Accept", "text/html"); }
            case 1 -> { detail = "accept-xml"; request = base.withHeader("Accept", "application/xml"); }
            case 2 -> { detail = "accept-image"; request = base.withHeader("Accept", "image/png"); }
            case 3 -> { detail = "accept-garbage"; request = base.withHeader("Accept", pick(r, "garbage", "/", ";;;", "*/*;q=x")); }
            case 4 -> { detail = "huge-header"; request = base.withHeader("X-Big", "h".repeat(pick(r, 9000, 30_000, 100_000))); }
            case 5 -> {
                detail = "many-headers";
                List<String[]> headers = new ArrayList<>(base.headers());
                for (int i = 0; i < pick(r, 99, 300, 2000); i++) {
                    headers.add(new String[] {"X-H" + i, "v"});
                }
                request = new Request(base.method(), base.target(), headers, base.body(), base.framing());
            }
            case 6 -> { detail = "expect-continue"; request = base.withHeader("Expect", "100-continue"); }
            case 7 -> { detail = "expect-garbage"; request = base.withHeader("Expect", "200-ok"); }
            case 8 -> { detail = "length-and-chunked"; request = base.withFraming(Framing.CHUNKED)
                    .withHeader("Content-Length", Integer.toString(base.body().length)); }
            case 9 -> { detail = "content-length-not-a-number"; request = base.withHeader("Content-Length",
                    pick(r, "abc", "-5", "1.5", "", "0x10")).withFraming(Framing.NONE); }
            case 10 -> {
                detail = "two-content-lengths";
                List<String[]> headers = new ArrayList<>(base.headers());
                headers.add(new String[] {"Content-Length", Integer.toString(base.body().length)});
                headers.add(new String[] {"Content-Length", Integer.toString(base.body().length + 5)});
                request = new Request(base.method(), base.target(), headers, base.body(), Framing.NONE);
            }
            case 11 -> { detail = "transfer-encoding-odd"; request = base.withHeader("Transfer-Encoding",
                    pick(r, "gzip, chunked", "identity", "chunked, chunked", "xchunked")).withFraming(Framing.NONE); }
            case 12 -> { detail = "content-encoding-gzip"; request = base.withHeader("Content-Encoding", "gzip"); }
            case 13 -> { detail = "header-utf8-value"; request = base.withHeader("X-Name", "ümlaut 😀 \u202E"); }
            case 14 -> { detail = "header-bad-name"; request = base.withHeader(pick(r, "Bad Name", "Bad:Name", "Bäd", "(x)"), "v"); }
            case 15 -> { detail = "host-empty"; request = base.withHeader("Host", ""); }
            case 16 -> { detail = "host-odd"; request = base.withHeader("Host", pick(r, "evil.example", "127.0.0.1:99999",
                    "[::1", "a b")); }
            case 17 -> { detail = "forwarded"; request = base.withHeader("X-Forwarded-For", "1.2.3.4, <script>")
                    .withHeader("X-Forwarded-Proto", "gopher").withHeader("Forwarded", "for=\"[::1\""); }
            case 18 -> { detail = "method-override"; request = base.withHeader("X-HTTP-Method-Override", "DELETE"); }
            case 19 -> { detail = "range"; request = base.withHeader("Range", pick(r, "bytes=0-1", "bytes=-1", "bytes=5-2",
                    "bytes=0-0,1-1,2-2,3-3", "lines=1-2")); }
            case 20 -> { detail = "cookie-garbage"; request = base.withHeader("Cookie", pick(r, "JSESSIONID=garbage",
                    "=;=;", "XSRF-TOKEN=" + "x".repeat(5000), "a=\u0001")); }
            default -> { detail = "accept-charset"; request = base.withHeader("Accept-Charset", "bogus")
                    .withHeader("Accept-Language", "xx-XX;q=abc").withHeader("Accept-Encoding", "bogus"); }
        }
        return new Probe(e, "headers", detail, request);
    }

    // ---- query -------------------------------------------------------------------------------------------

    private Probe query(BadInputEndpoint e, Random r, ObjectNode body) {
        Request base = base(e, body);
        Map<String, String> params = new LinkedHashMap<>();
        if (!e.query().isEmpty()) {
            for (String pair : e.query().split("&")) {
                int eq = pair.indexOf('=');
                params.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        List<String> names = new ArrayList<>(e.params().keySet());
        if (names.isEmpty()) {
            names.addAll(List.of("page", "limit", "x"));
        }
        String name = names.get(r.nextInt(names.size()));
        String detail;
        String extra = "";
        switch (r.nextInt(10)) {
            case 0, 1 -> {
                String value = pick(r, "x", "", "-1", "0", "1.5", "99999999999", "99999999999999999999", "1e3", "true",
                        "null", "[]", "a,b", ",,,", "open,closed,x", "2024-13-45", "Mon, 32 Foo 2014", "-99999999999",
                        "9223372036854775808", " 1", "1 ", "%00");
                detail = name + ":" + value;
                params.put(name, enc(value));
            }
            case 2 -> { detail = name + ":list"; params.remove(name); extra = name + "[]=" + enc(plainString(r)) + "&" + name
                    + "[]=" + enc(pick(r, "1", "x", "")); }
            case 3 -> { detail = name + ":map"; params.remove(name); extra = name + "[x]=1&" + name + "[y][z]=2"; }
            case 4 -> { detail = name + ":repeated"; extra = name + "=" + enc(plainString(r)); }
            case 5 -> { detail = name + ":percent"; params.put(name, pick(r, "%", "%zz", "%C3%28", "%FF", "%E2%82")); }
            case 6 -> { detail = name + ":unicode"; params.put(name, enc(unicode(r).replace(LONE_HIGH, "\uFFFD")
                    .replace(LONE_LOW, "\uFFFD"))); }
            case 7 -> { detail = name + ":long"; params.put(name, "q".repeat(pick(r, 1000, 7000, 30_000))); }
            case 8 -> { detail = "junk-names"; extra = pick(r, "%zz=1", "a[=1", "=1", "&&&", "a=1=2", "[]=1", "%00=%00"); }
            default -> { detail = name + ":no-equals"; params.remove(name); extra = name; }
        }
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.isEmpty() ? "" : "&").append(k).append('=').append(v));
        if (!extra.isEmpty()) {
            query.append(query.isEmpty() ? "" : "&").append(extra);
        }
        return new Probe(e, "query", abbreviate(detail, 60), base.withTarget(e.path() + "?" + query));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- download links ------------------------------------------------------------------------------------

    private Probe link(BadInputEndpoint e, Random r) {
        Request base = base(e, null);
        String id = e.id().get();
        long fileId = Long.parseLong(id);
        String name = e.template().substring(e.template().lastIndexOf('/') + 1);
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : e.query().split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String signature = q.get("signature");
        long expires = Long.parseLong(q.get("expires"));
        long now = System.currentTimeMillis() / 1000;
        String detail;
        String target;
        String path = "/files/" + id + "/" + name;
        switch (r.nextInt(24)) {
            case 0 -> { detail = "signature-flipped"; target = path + "?expires=" + expires + "&signature=" + flipHex(r, signature); }
            case 1 -> { detail = "signature-truncated"; target = path + "?expires=" + expires + "&signature="
                    + signature.substring(0, r.nextInt(signature.length())); }
            case 2 -> { detail = "signature-missing"; target = path + "?expires=" + expires; }
            case 3 -> { detail = "signature-upper-case"; target = path + "?expires=" + expires + "&signature="
                    + signature.toUpperCase(Locale.ROOT); }
            case 4 -> { detail = "signature-odd"; target = path + "?expires=" + expires + "&signature=" + pick(r, "zz",
                    "%FF", "%D1%8F".repeat(32), "s".repeat(10_000), "%00", "+", signature + "00"); }
            case 5 -> { detail = "signature-twice"; target = path + "?expires=" + expires + "&signature=" + flipHex(r, signature)
                    + "&signature=" + signature; }
            case 6 -> { detail = "expires-missing"; target = path + "?signature=" + signature; }
            case 7 -> {
                String value = pick(r, Long.toString(expires + 1), Long.toString(expires - 1), "0", "-1",
                        "9999999999999", "99999999999999999999", "abc", "1e9", "", "%20" + expires, expires + ".0");
                detail = "expires:" + value;
                target = path + "?expires=" + value + "&signature=" + signature;
            }
            case 8, 9 -> {
                byte[] key = linkKey.apply(null);
                long past = now - 1 - r.nextInt(86_400 * 30);
                detail = "expired-but-signed";
                target = path + "?expires=" + past + "&signature=" + sign(key, fileId, past);
            }
            case 10 -> {
                byte[] key = linkKey.apply(null);
                long other = pick(r, f.fileOtherId, 999_999_999L, 0L, -1L);
                detail = "signed-for-id-" + (other == f.fileOtherId ? "other-file" : other);
                target = "/files/" + other + "/" + name + "?expires=" + expires + "&signature=" + sign(key, other, expires);
            }
            case 11 -> { detail = "other-id-same-signature"; target = "/files/" + f.fileOtherId + "/" + name + "?expires="
                    + expires + "&signature=" + signature; }
            case 12 -> {
                String badId = pick(r, "abc", "-1", "0", "99999999999999999999", "1.5", "%20" + id, id + "%00");
                detail = "id:" + badId;
                target = "/files/" + badId + "/" + name + "?expires=" + expires + "&signature=" + signature;
            }
            case 13, 14 -> {
                String other = pick(r, "other.txt", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "\u044f.txt", "n".repeat(5000),
                        "a%00b", "..", "%", "x.json", "");
                detail = "name:" + abbreviate(other, 30);
                target = "/files/" + id + "/" + other + "?expires=" + expires + "&signature=" + signature;
            }
            case 15 -> { detail = "no-name"; target = "/files/" + id + "?expires=" + expires + "&signature=" + signature; }
            case 16 -> { detail = "extra-segment"; target = path + "/extra?expires=" + expires + "&signature=" + signature; }
            case 17 -> { detail = "params-upper-case"; target = path + "?Expires=" + expires + "&Signature=" + signature; }
            case 18 -> { detail = "no-query"; target = path; }
            case 19 -> { detail = "traversal"; target = "/files/" + id + "/../" + f.fileOtherId + "/" + name + "?expires="
                    + expires + "&signature=" + signature; }
            case 20 -> {
                byte[] key = linkKey.apply(null);
                long later = pick(r, now + 86_400L * 3650, Long.MAX_VALUE);
                detail = "far-future-signed";
                target = path + "?expires=" + later + "&signature=" + sign(key, fileId, later);
            }
            case 21 -> { detail = "valid"; target = e.target(); }
            case 22 -> { detail = "only-files"; target = pick(r, "/files", "/files/", "/files/" + id); }
            default -> { detail = "signature-of-other-file"; target = path + "?expires=" + expires + "&signature="
                    + sign(linkKey.apply(null), f.fileOtherId, expires); }
        }
        return new Probe(e, "link", detail, base.withTarget(target));
    }

    private static String flipHex(Random r, String hex) {
        char[] chars = hex.toCharArray();
        int at = r.nextInt(chars.length);
        chars[at] = chars[at] == '0' ? '1' : '0';
        return new String(chars);
    }

    private static String sign(byte[] key, long fileId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((fileId + "." + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * The endpoint's valid request with another body: same credentials (for the Bot Framework the
     * token of the valid activity), same Content-Type.
     */
    private Request changed(BadInputEndpoint e, ObjectNode valid, byte[] body) {
        return base(e, valid).withBody(body);
    }

    static byte[] bytes(JsonNode body) {
        try {
            String text = JSON.writeValueAsString(body);
            return text.replace(escaped(LONE_HIGH), "\\ud800").replace(escaped(LONE_LOW), "\\udc00")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escaped(String marker) {
        try {
            String quoted = JSON.writeValueAsString(marker);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + b64(user + ":" + password);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...(" + text.length() + " chars)";
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }
}
