package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.bench.BadInputEndpoint.Door;
import dev.switchboard.channel.botframework.FakeBotConnector;
import dev.switchboard.support.DeskClient;

/**
 * Every public endpoint of Switchboard with a valid request each: the desk API (every call of the
 * README's tables), the bot API, the Bot Framework messaging endpoint, attachment downloads and
 * the operations endpoints. Valid bodies take a random generator and a running number, so
 * accepted requests do not collide with each other (unique emails, titles, keys).
 */
final class BadInputCatalog {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = DeskClient.JSON;

    private final BadInputFixtures f;
    private final BadInputPeers peers;
    private final BadInputState state;
    private final FakeBotConnector connector;
    private final String botFrameworkBot;
    private volatile long doomedRule;

    BadInputCatalog(BadInputFixtures fixtures, BadInputPeers peers, BadInputState state, FakeBotConnector connector,
            String botFrameworkBot) {
        this.f = fixtures;
        this.peers = peers;
        this.state = state;
        this.connector = connector;
        this.botFrameworkBot = botFrameworkBot;
    }

    List<BadInputEndpoint> endpoints() {
        List<BadInputEndpoint> all = new ArrayList<>();
        all.addAll(cases());
        all.addAll(users());
        all.addAll(staffGroupsLabels());
        all.addAll(channelsBotsRules());
        all.addAll(chatsAndDeliveries());
        all.addAll(botApi());
        all.add(botFramework());
        all.addAll(files());
        all.addAll(ops());
        return all;
    }

    // ---- desk API: cases, messages, notes ---------------------------------------------------------

    private List<BadInputEndpoint> cases() {
        String victim = "/api/cases/" + f.caseVictim;
        return List.of(
                BadInputEndpoint.of("desk", "POST", "/api/cases.json").weight(5).multipart()
                        .body("case", (r, n) -> {
                            ObjectNode c = obj("user_custom_id", "bi-" + f.tag + "-" + n, "channel", f.channelPlainCode,
                                    "user_full_name", "Bad Input " + n, "content", "hello " + n);
                            if (r.nextBoolean()) {
                                c.put("subject", "subject " + n);
                                c.put("priority", pick(r, "low", "normal", "high", "critical"));
                                c.put("status", pick(r, "open", "waiting"));
                                c.set("labels", arr(f.label));
                            }
                            if (r.nextInt(4) == 0) {
                                c.put("content_html", "<p>hello " + n + "</p>");
                                c.put("company_name", "Company " + n);
                            }
                            if (r.nextInt(4) == 0) {
                                c.set("attachment_urls", arr(peers.url("/file/a" + n + ".txt")));
                            }
                            if (r.nextInt(5) == 0) {
                                c.remove("user_custom_id");
                                c.remove("channel");
                                c.put("user_email", "case-" + f.tag + "-" + n + "@badinput.example");
                            }
                            return env("case", c);
                        })
                        .watch("/api/cases.json?show_active_chats=true&limit=1", "/api/users.json?limit=1").build(),
                BadInputEndpoint.of("desk", "GET", "/api/cases.json").weight(2)
                        .params(params("status", "open", "channel", f.channelPlainCode, "user_id", "" + f.caseVictimUser,
                                "user_email", "a@badinput.example", "staff_id", "0", "group_id", "0",
                                "labels", "" + f.label, "user_custom_id", "victim-" + f.tag, "from_time", "1700000000",
                                "to_time", "2030-01-01", "sort", "created_at_desc", "show_active_chats", "true",
                                "chat_state", "active", "page", "1", "limit", "10")).build(),
                BadInputEndpoint.of("desk", "GET", "/api/cases/{id}.json").id(f.caseVictim).build(),
                BadInputEndpoint.of("desk", "PUT", "/api/cases/{id}.json").id(f.casePut).weight(3)
                        .body("case", (r, n) -> {
                            ObjectNode c = JSON.createObjectNode();
                            List<Runnable> fields = List.of(
                                    () -> c.put("subject", "changed " + n),
                                    () -> c.put("status", pick(r, "open", "waiting", "closed")),
                                    () -> c.put("priority", pick(r, "low", "normal", "high", "critical")),
                                    () -> c.put("staff_id", r.nextBoolean() ? f.staffPerson : 0),
                                    () -> c.put("group_id", r.nextBoolean() ? f.groupVictim : 0),
                                    () -> c.set("add_labels", arr(f.label)),
                                    () -> c.set("delete_labels", arr(f.label)));
                            int k = 1 + r.nextInt(fields.size());
                            for (int i = 0; i < k; i++) {
                                fields.get(r.nextInt(fields.size())).run();
                            }
                            return env("case", c);
                        })
                        .watch("/api/cases/" + f.casePut + ".json").build(),
                BadInputEndpoint.of("desk", "GET", "/api/cases/{id}/messages.json").id(f.caseVictim)
                        .params(params("page", "1", "limit", "10", "order", "desc")).build(),
                BadInputEndpoint.of("desk", "POST", "/api/cases/{id}/messages.json").id(f.caseVictim).weight(4).multipart()
                        .body("message", (r, n) -> {
                            ObjectNode m = obj("content", "message " + n);
                            if (r.nextBoolean()) {
                                m.put("user_id", f.caseVictimUser);
                            } else if (r.nextBoolean()) {
                                m.put("staff_id", f.staffPerson);
                            }
                            if (r.nextInt(3) == 0) {
                                m.put("content_html", "<p>message " + n + "</p>");
                            }
                            if (r.nextInt(4) == 0) {
                                m.set("attachment_urls", arr(peers.url("/file/m" + n + ".txt")));
                            }
                            return env("message", m);
                        })
                        .watch(victim + ".json", victim + "/messages.json?order=desc&limit=2").build(),
                BadInputEndpoint.of("desk", "POST", "/api/cases/{id}/note.json").id(f.caseVictim).weight(2).multipart()
                        .body("note", (r, n) -> {
                            ObjectNode note = obj("content", "note " + n);
                            if (r.nextInt(4) == 0) {
                                note.set("attachment_urls", arr(peers.url("/file/n" + n + ".txt")));
                            }
                            return env("note", note);
                        })
                        .watch(victim + ".json", victim + "/messages.json?order=desc&limit=2").build(),
                BadInputEndpoint.of("desk", "POST", "/api/cases/{id}/notes.json").id(f.caseVictim).multipart()
                        .body("note", (r, n) -> env("note", obj("content", "note " + n)))
                        .watch(victim + ".json", victim + "/messages.json?order=desc&limit=2").build());
    }

    // ---- desk API: users --------------------------------------------------------------------------

    private List<BadInputEndpoint> users() {
        String a = "/api/users/" + f.userLinkA + ".json";
        String b = "/api/users/" + f.userLinkB + ".json";
        return List.of(
                BadInputEndpoint.of("desk", "POST", "/api/users.json").weight(3)
                        .body("user", (r, n) -> {
                            ObjectNode u = switch (r.nextInt(3)) {
                                case 0 -> obj("user_email", "u-" + f.tag + "-" + n + "@badinput.example");
                                case 1 -> obj("user_phone", "+1555" + String.format("%07d", n));
                                default -> obj("user_custom_id", "cu-" + f.tag + "-" + n, "user_custom_channel",
                                        f.channelPlainCode);
                            };
                            u.put("user_full_name", "User " + n);
                            if (r.nextBoolean()) {
                                u.put("company_name", "Company " + n);
                                u.put("company_position", "Position " + n);
                            }
                            return env("user", u);
                        })
                        .watch("/api/users.json?limit=1").build(),
                BadInputEndpoint.of("desk", "GET", "/api/users.json")
                        .params(params("user_email", "a@badinput.example", "user_phone", "+15550000000",
                                "user_custom_id", "x", "user_custom_channel", f.channelPlainCode,
                                "from_time", "1700000000", "to_time", "2030-01-01", "page", "1", "limit", "5")).build(),
                BadInputEndpoint.of("desk", "GET", "/api/users/{id}.json").id(f.userVictim).build(),
                BadInputEndpoint.of("desk", "PUT", "/api/users/{id}.json").id(f.userVictim).weight(2)
                        .body("user", (r, n) -> {
                            ObjectNode u = obj("user_full_name", "Victim " + n);
                            if (r.nextBoolean()) {
                                u.put("company_name", "Company " + n);
                            }
                            if (r.nextInt(3) == 0) {
                                u.put("user_phone", "+1666" + String.format("%07d", n));
                            }
                            return env("user", u);
                        })
                        .watch("/api/users/" + f.userVictim + ".json").build(),
                BadInputEndpoint.of("desk", "PUT", "/api/users/{id}/link.json").id(f.userLinkA).weight(2)
                        .body(null, (r, n) -> r.nextBoolean() ? obj("user_id", f.userLinkB)
                                : env("user", obj("user_email", f.userLinkBEmail)))
                        .watch(a, b).build(),
                BadInputEndpoint.of("desk", "PUT", "/api/users/{id}/unlink.json").id(f.userLinkA).weight(2)
                        .body(null, (r, n) -> r.nextBoolean() ? obj("user_id", f.userLinkB) : JSON.createObjectNode())
                        .watch(a, b).build());
    }

    // ---- desk API: staff, groups, labels ------------------------------------------------------------

    private List<BadInputEndpoint> staffGroupsLabels() {
        return List.of(
                BadInputEndpoint.of("desk", "GET", "/api/staff.json").params(params("page", "1", "limit", "5")).build(),
                BadInputEndpoint.of("desk", "POST", "/api/staff.json").door(Door.ADMIN).weight(2)
                        .body("staff", (r, n) -> {
                            ObjectNode s = obj("staff_email", "s-" + f.tag + "-" + n + "@badinput.example",
                                    "staff_full_name", "Staff " + n);
                            if (r.nextBoolean()) {
                                s.put("staff_signature", "-- " + n);
                                s.put("status", pick(r, "online", "offline"));
                                s.set("group_ids", arr(f.groupIdle));
                            }
                            return env("staff", s);
                        })
                        .watch("/api/staff.json?limit=1").build(),
                BadInputEndpoint.of("desk", "GET", "/api/staff/{id}.json").id(f.staffVictim).build(),
                BadInputEndpoint.of("desk", "PUT", "/api/staff/{id}.json").id(f.staffVictim).door(Door.ADMIN).weight(2)
                        .body("staff", (r, n) -> {
                            ObjectNode s = obj("staff_full_name", "Victim " + n);
                            if (r.nextBoolean()) {
                                s.put("staff_signature", "-- " + n);
                                s.put("status", pick(r, "online", "offline"));
                            }
                            if (r.nextInt(3) == 0) {
                                s.set("group_ids", arr(f.groupIdle));
                                s.put("admin", false);
                            }
                            return env("staff", s);
                        })
                        .watch("/api/staff/" + f.staffVictim + ".json").build(),
                BadInputEndpoint.of("desk", "GET", "/api/groups.json").params(params("page", "1", "limit", "5")).build(),
                BadInputEndpoint.of("desk", "POST", "/api/groups.json").door(Door.ADMIN).weight(2)
                        .body("group", (r, n) -> {
                            ObjectNode g = obj("group_title", "Group " + f.tag + " " + n);
                            if (r.nextBoolean()) {
                                g.put("group_from_name", "From " + n);
                                g.put("group_signature", "Sig " + n);
                                g.put("group_key", "g-" + f.tag + "-" + n);
                            }
                            return env("group", g);
                        })
                        .watch("/api/groups.json?limit=1").build(),
                BadInputEndpoint.of("desk", "GET", "/api/groups/{id}.json").id(f.groupVictim).build(),
                BadInputEndpoint.of("desk", "PUT", "/api/groups/{id}.json").id(f.groupVictim).door(Door.ADMIN).weight(2)
                        .body("group", (r, n) -> {
                            ObjectNode g = obj("group_title", "Victim group " + f.tag + " " + n);
                            if (r.nextBoolean()) {
                                g.put("active", true);
                                g.put("group_from_name", "From " + n);
                            }
                            return env("group", g);
                        })
                        .watch("/api/groups/" + f.groupVictim + ".json").build(),
                BadInputEndpoint.of("desk", "GET", "/api/labels.json").params(params("page", "1", "limit", "5")).build(),
                BadInputEndpoint.of("desk", "POST", "/api/labels.json").weight(2)
                        .body("label", (r, n) -> env("label", obj("label_title", "Label " + f.tag + " " + n)))
                        .watch("/api/labels.json?limit=1").build(),
                BadInputEndpoint.of("desk", "GET", "/api/labels/{id}.json").id(f.labelVictim).build(),
                BadInputEndpoint.of("desk", "PUT", "/api/labels/{id}.json").id(f.labelVictim).weight(2)
                        .body("label", (r, n) -> env("label", obj("label_title", "Victim label " + f.tag + " " + n)))
                        .watch("/api/labels/" + f.labelVictim + ".json").build());
    }

    // ---- desk API extensions: custom channels, Bot Framework bots, bots, rules -----------------------

    private List<BadInputEndpoint> channelsBotsRules() {
        doomedRule = createRule("Doomed rule");
        return List.of(
                BadInputEndpoint.of("desk", "GET", "/api/custom_channels.json").params(params("page", "1", "limit", "5"))
                        .build(),
                BadInputEndpoint.of("desk", "POST", "/api/custom_channels.json").door(Door.ADMIN).weight(3)
                        .body("custom_channel", (r, n) -> {
                            ObjectNode c = obj("title", "Channel " + f.tag + " " + n, "webhook_url",
                                    peers.url("/hook/new"));
                            if (r.nextBoolean()) {
                                c.put("channel_type", pick(r, "sync", "async"));
                                c.put("webhook_format", pick(r, "json", "form"));
                            }
                            if (r.nextBoolean()) {
                                c.put("chat_idle_timeout", 600);
                                c.put("chat_idle_status", pick(r, "waiting", "closed", ""));
                                c.put("group_id", f.groupIdle);
                            }
                            return env("custom_channel", c);
                        })
                        .watch("/api/custom_channels.json?limit=1").build(),
                BadInputEndpoint.of("desk", "GET", "/api/custom_channels/{id}.json").id(f.channelVictim).build(),
                BadInputEndpoint.of("desk", "PUT", "/api/custom_channels/{id}.json").id(f.channelVictim).door(Door.ADMIN)
                        .weight(3)
                        .body("custom_channel", (r, n) -> {
                            ObjectNode c = obj("title", "Victim channel " + n);
                            if (r.nextBoolean()) {
                                c.put("webhook_url", peers.url("/hook/victim"));
                                c.put("webhook_format", pick(r, "json", "form"));
                                c.put("channel_type", pick(r, "sync", "async"));
                            }
                            if (r.nextBoolean()) {
                                c.put("chat_idle_timeout", r.nextInt(3600));
                                c.put("chat_idle_status", pick(r, "waiting", "closed", ""));
                                c.put("group_id", r.nextBoolean() ? f.groupIdle : 0);
                                c.put("active", true);
                            }
                            return env("custom_channel", c);
                        })
                        .watch("/api/custom_channels/" + f.channelVictim + ".json").build(),
                BadInputEndpoint.of("desk", "GET", "/api/botframework/bots.json").door(Door.ADMIN).build(),
                BadInputEndpoint.of("desk", "GET", "/api/botframework/bots/{id}.json").id(() -> botFrameworkBot)
                        .door(Door.ADMIN).build(),
                BadInputEndpoint.of("desk", "GET", "/api/botframework/bots/{id}/conversations.json")
                        .id(() -> botFrameworkBot).door(Door.ADMIN).params(params("page", "1", "limit", "5")).build(),
                BadInputEndpoint.of("desk", "GET", "/api/bots.json").door(Door.ADMIN).params(params("page", "1", "limit", "5"))
                        .build(),
                BadInputEndpoint.of("desk", "POST", "/api/bots.json").door(Door.ADMIN).weight(3)
                        .body("bot", (r, n) -> {
                            ObjectNode b = obj("title", "Bot " + f.tag + " " + n, "webhook_url", peers.url("/bot/new"));
                            b.set("group_ids", arr(f.groupIdle));
                            b.put("status", "offline");
                            if (r.nextBoolean()) {
                                b.put("handoff_group_id", f.groupIdle);
                            }
                            return env("bot", b);
                        })
                        .watch("/api/bots.json?limit=1")
                        .repair(answer -> {
                            // a bot the run made must never take a chat
                            long id = answer.json().path("bot").path("bot_id").asLong();
                            if (id > 0) {
                                BadInputFixtures.expect(200, f.admin.put("/api/bots/" + id + ".json",
                                        env("bot", obj("status", "offline"))));
                            }
                        }).build(),
                BadInputEndpoint.of("desk", "GET", "/api/bots/{id}.json").id(f.botVictim).door(Door.ADMIN).build(),
                BadInputEndpoint.of("desk", "PUT", "/api/bots/{id}.json").id(f.botVictim).door(Door.ADMIN).weight(3)
                        .body("bot", (r, n) -> {
                            ObjectNode b = obj("title", "Victim bot " + n);
                            if (r.nextBoolean()) {
                                b.put("webhook_url", peers.url("/bot/victim"));
                                b.set("group_ids", arr(f.groupIdle));
                                b.put("status", pick(r, "offline", "invisible"));
                            }
                            if (r.nextInt(4) == 0) {
                                b.put("handoff_group_id", f.groupIdle);
                            }
                            return env("bot", b);
                        })
                        .watch("/api/bots/" + f.botVictim + ".json").build(),
                BadInputEndpoint.of("desk", "GET", "/api/rules.json").params(params("page", "1", "limit", "5")).build(),
                BadInputEndpoint.of("desk", "POST", "/api/rules.json").door(Door.ADMIN).weight(4)
                        .body("rule", (r, n) -> env("rule", rule(r, "Rule " + f.tag + " " + n)))
                        .watch("/api/rules.json?limit=100")
                        .repair(answer -> {
                            long id = answer.json().path("rule").path("rule_id").asLong();
                            if (id > 0) {
                                BadInputFixtures.expect(200, f.admin.raw("DELETE", "/api/rules/" + id + ".json", null, null));
                            }
                        }).build(),
                BadInputEndpoint.of("desk", "GET", "/api/rules/{id}.json").id(f.ruleVictim).build(),
                BadInputEndpoint.of("desk", "PUT", "/api/rules/{id}.json").id(f.ruleVictim).door(Door.ADMIN).weight(3)
                        .body("rule", (r, n) -> env("rule", rule(r, "Victim rule " + f.tag + " " + n)))
                        .watch("/api/rules/" + f.ruleVictim + ".json").build(),
                BadInputEndpoint.of("desk", "DELETE", "/api/rules/{id}.json").id(() -> Long.toString(doomedRule))
                        .door(Door.ADMIN)
                        .watch("/api/rules.json?limit=100")
                        .repair(answer -> doomedRule = createRule("Doomed rule")).build(),
                BadInputEndpoint.of("desk", "PUT", "/api/rules/order.json").door(Door.ADMIN).weight(2)
                        .body(null, (r, n) -> obj("rule_ids", arr(f.ruleVictim)))
                        .watch("/api/rules.json?limit=100").build(),
                BadInputEndpoint.of("desk", "GET", "/api/cases/{id}/rule_firings.json").id(f.caseVictim).build());
    }

    private long createRule(String title) {
        return BadInputFixtures.expect(201, f.admin.post("/api/rules.json", env("rule", rule(new Random(), title
                + " " + System.nanoTime())))).json().get("rule").get("rule_id").asLong();
    }

    /** A valid rule that is never active (so an accepted one changes nothing but the rules list). */
    private ObjectNode rule(Random r, String title) {
        ObjectNode rule = JSON.valueToTree(f.validRule(title));
        if (r.nextBoolean()) {
            rule.put("trigger", pick(r, "new_case", "changed_case"));
            ArrayNode any = rule.putArray("conditions_any");
            any.add(obj("field", "status", "operator", "is", "value", "open"));
            any.add(obj("field", "user", "key", "email", "operator", "contains", "value", "@never-" + f.tag));
        }
        if (r.nextBoolean()) {
            ArrayNode actions = rule.putArray("actions");
            actions.add(obj("type", "set_priority", "priority", "high"));
            actions.add(obj("type", "add_labels", "labels", arr("label " + f.tag)));
            actions.add(obj("type", "http_request", "method", "POST", "url", peers.url("/hook/rule"),
                    "content_type", "application/json", "body", "{\"case\":\"[case_id]\"}"));
            actions.add(obj("type", "stop"));
        }
        if (r.nextInt(4) == 0) {
            rule.put("trigger", "time");
            rule.set("time", obj("since", "status_changed", "after_seconds", 86400));
        }
        return rule;
    }

    // ---- desk API extensions: live chats, deliveries -----------------------------------------------

    private List<BadInputEndpoint> chatsAndDeliveries() {
        String chat = "/api/cases/" + f.caseChat;
        return List.of(
                BadInputEndpoint.of("desk", "GET", "/api/chats.json")
                        .params(params("staff_id", "0", "group_id", "" + f.groupBot, "channel", f.channelPlainCode,
                                "page", "1", "limit", "5")).build(),
                BadInputEndpoint.of("desk", "POST", "/api/cases/{id}/end_chat.json").id(f.caseChat).weight(3)
                        .body("chat", (r, n) -> switch (r.nextInt(4)) {
                            case 0 -> JSON.createObjectNode();
                            case 1 -> env("chat", obj("ended_by", "channel"));
                            default -> env("chat", obj("status", pick(r, "open", "waiting")));
                        })
                        .watch(chat + ".json", chat + "/chats.json")
                        .repair(answer -> restartChat(f.caseChat, f.caseChatUser)).build(),
                BadInputEndpoint.of("desk", "GET", "/api/cases/{id}/chats.json").id(f.caseChat).build(),
                BadInputEndpoint.of("desk", "GET", "/api/deliveries/waiting.json").door(Door.ADMIN)
                        .params(params("page", "1", "limit", "5")).build(),
                BadInputEndpoint.of("desk", "GET", "/api/deliveries/dead.json").door(Door.ADMIN)
                        .params(params("queue", "sb.outbound.custom-channel", "page", "1", "limit", "5")).build(),
                BadInputEndpoint.of("desk", "POST", "/api/deliveries/dead/{id}/replay.json").door(Door.ADMIN)
                        .id(() -> "00000000-0000-0000-0000-000000000000")
                        .watch("/api/deliveries/dead.json?limit=1").build(),
                BadInputEndpoint.of("desk", "POST", "/api/deliveries/dead/replay.json").door(Door.ADMIN)
                        .query("queue=sb.outbound.custom-channel").params(params("queue", "sb.outbound.custom-channel"))
                        .watch("/api/deliveries/dead.json?limit=1").build());
    }

    /** The customer writes again: a new live chat in the case (and a closed case reopens). */
    private void restartChat(long caseId, long userId) {
        if (!BadInputFixtures.chatRuns(state, caseId)) {
            BadInputFixtures.expect(201, f.admin.post("/api/cases/" + caseId + "/messages.json",
                    env("message", obj("content", "still there?", "user_id", userId))));
        }
    }

    // ---- the bot API ---------------------------------------------------------------------------------

    private List<BadInputEndpoint> botApi() {
        String kase = "/api/cases/" + f.caseBot;
        String[] watch = {kase + ".json", kase + "/messages.json?order=desc&limit=2", kase + "/chats.json"};
        java.util.function.Consumer<BadInputHttp.Response> giveBack = answer -> giveBotItsChat();
        return List.of(
                BadInputEndpoint.of("bot-api", "POST", "/api/bot/v2/send_message").door(Door.BOT).weight(5)
                        .body(null, (r, n) -> {
                            ObjectNode message = switch (r.nextInt(4)) {
                                case 0 -> {
                                    ObjectNode keyboard = obj("kind", "keyboard");
                                    ArrayNode rows = keyboard.putArray("buttons");
                                    rows.add(JSON.createArrayNode().add(obj("id", "yes", "text", "Yes"))
                                            .add(obj("id", "no", "text", "No")));
                                    yield keyboard;
                                }
                                case 1 -> obj("kind", "file_operator", "text", "a file " + n).set("data",
                                        obj("url", peers.url("/file/b" + n + ".txt"), "name", "b" + n + ".txt",
                                                "media_type", "text/plain"));
                                default -> obj("kind", "operator", "text", "bot says " + n);
                            };
                            ObjectNode body = obj("chat_id", f.caseBot);
                            body.set("message", message);
                            return body;
                        })
                        .watch(watch).repair(giveBack).build(),
                BadInputEndpoint.of("bot-api", "POST", "/api/bot/v2/redirect_chat").door(Door.BOT).weight(3)
                        .body(null, (r, n) -> switch (r.nextInt(3)) {
                            case 0 -> obj("chat_id", f.caseBot, "operator_id", f.staffPerson);
                            case 1 -> obj("chat_id", f.caseBot, "dep_key", f.groupBotKey);
                            default -> obj("chat_id", f.caseBot);
                        })
                        .watch(watch).repair(giveBack).build(),
                BadInputEndpoint.of("bot-api", "POST", "/api/bot/v2/close_chat").door(Door.BOT).weight(3)
                        .body(null, (r, n) -> obj("chat_id", f.caseBot))
                        .watch(watch).repair(giveBack).build());
    }

    /** After a redirect or a close: the case back to the bot, its chat running again. */
    void giveBotItsChat() {
        for (int attempt = 0; attempt < 3 && !f.botOwns(state); attempt++) {
            restartChat(f.caseBot, f.caseBotUser);
            JsonNode kase = f.admin.get("/api/cases/" + f.caseBot + ".json").json().path("case");
            if (kase.path("staff_id").asLong() != f.botStaff) {
                BadInputFixtures.expect(200, f.admin.put("/api/cases/" + f.caseBot + ".json",
                        env("case", obj("staff_id", f.botStaff))));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && !f.botOwns(state)) {
                BadInputFixtures.sleep(20);
            }
        }
        if (!f.botOwns(state)) {
            throw new IllegalStateException("could not give case " + f.caseBot + " back to the bot");
        }
    }

    // ---- the Bot Framework messaging endpoint -----------------------------------------------------

    private BadInputEndpoint botFramework() {
        return BadInputEndpoint.of("botframework", "POST", "/channels/botframework/{id}/messages")
                .id(() -> botFrameworkBot).door(Door.CONNECTOR).weight(8)
                .body(null, (r, n) -> {
                    // a few conversations again and again: accepted messages mostly join existing cases
                    String user = "29:bi-" + f.tag + "-" + (r.nextInt(8) == 0 ? "new-" + n : "c" + r.nextInt(3));
                    var activity = connector.activity("message").id("bi-" + f.tag + "-" + n).conversation(user)
                            .from(user, "Customer " + user.substring(3)).text("hello from the channel " + n);
                    if (r.nextInt(5) == 0) {
                        activity.attachment("text/plain", peers.url("/file/c" + n + ".txt"), "c" + n + ".txt");
                    }
                    return activity.build();
                })
                .watch("/api/botframework/bots/" + botFrameworkBot + "/conversations.json?limit=1",
                        "/api/cases.json?show_active_chats=true&limit=1").build();
    }

    // ---- downloads and operations --------------------------------------------------------------------

    private List<BadInputEndpoint> files() {
        java.net.URI link = java.net.URI.create(f.fileUrl);
        String path = link.getRawPath();
        String id = path.split("/")[2];
        String template = path.replaceFirst("/files/" + id + "/", "/files/{id}/");
        return List.of(BadInputEndpoint.of("files", "GET", template).id(() -> id).door(Door.LINK).weight(5)
                .query(link.getRawQuery()).build());
    }

    private List<BadInputEndpoint> ops() {
        return List.of(
                BadInputEndpoint.of("ops", "GET", "/actuator/health").door(Door.OPEN).weight(2).build(),
                BadInputEndpoint.of("ops", "GET", "/actuator/hawtio/").door(Door.CONSOLE).weight(2).build(),
                BadInputEndpoint.of("ops", "GET", "/actuator/jolokia/read/{id}").door(Door.CONSOLE).weight(3)
                        .id(() -> "java.lang:type=Memory/HeapMemoryUsage").build(),
                BadInputEndpoint.of("ops", "GET", "/actuator/metrics").door(Door.CONSOLE).build(),
                BadInputEndpoint.of("ops", "GET", "/").door(Door.OPEN).build(),
                BadInputEndpoint.of("ops", "GET", "/api/openapi.json").door(Door.OPEN).build());
    }

    // ---- JSON helpers --------------------------------------------------------------------------------

    static ObjectNode obj(Object... pairs) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
        }
        return node;
    }

    static ArrayNode arr(Object... values) {
        ArrayNode node = JSON.createArrayNode();
        for (Object value : values) {
            node.add(JSON.valueToTree(value));
        }
        return node;
    }

    static ObjectNode env(String envelope, ObjectNode fields) {
        ObjectNode node = JSON.createObjectNode();
        node.set(envelope, fields);
        return node;
    }

    private static Map<String, String> params(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @SafeVarargs
    static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }
}
