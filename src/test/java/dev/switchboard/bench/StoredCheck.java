package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.support.DeskClient;

/**
 * Reads back, through the desk API, every case of a channel and its messages, and compares the
 * customer messages stored with the ledger: each accepted message must be stored exactly once.
 */
final class StoredCheck {

    /** What the check found. */
    record Result(String channel, long cases, long storedMessages, long accepted, long missing, long storedTwice,
            long storedWithout2xx, List<String> samples) {

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("channel", channel);
            map.put("cases", cases);
            map.put("customer_messages_stored", storedMessages);
            map.put("accepted", accepted);
            map.put("accepted_but_not_stored", missing);
            map.put("stored_more_than_once", storedTwice);
            map.put("stored_without_2xx", storedWithout2xx);
            map.put("samples", samples);
            return map;
        }
    }

    private StoredCheck() {
    }

    /** Checks the messages whose keys start with {@code prefix} (a conversation prefix) against channel {@code channel}. */
    static Result check(DeskClient admin, String channel, String prefix, Ledger ledger, int threads) {
        List<Long> caseIds = new ArrayList<>();
        for (int page = 1;; page++) {
            DeskClient.Answer answer = admin.get("/api/cases.json?channel=" + channel
                    + "&show_active_chats=true&sort=created_at_asc&limit=100&page=" + page);
            if (answer.status() != 200) {
                throw new IllegalStateException("listing cases: " + answer.status() + " " + answer.body());
            }
            int before = caseIds.size();
            answer.json().fields().forEachRemaining(field -> {
                JsonNode deskCase = field.getValue().path("case");
                if (deskCase.has("case_id")) {
                    caseIds.add(deskCase.get("case_id").asLong());
                }
            });
            if (caseIds.size() == before || caseIds.size() >= answer.json().path("total_count").asLong()) {
                break;
            }
        }
        Map<String, AtomicInteger> stored = new ConcurrentHashMap<>();
        List<String> samples = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (long caseId : caseIds) {
                reads.add(pool.submit(() -> {
                    for (int page = 1;; page++) {
                        DeskClient.Answer answer = admin.get("/api/cases/" + caseId
                                + "/messages.json?order=asc&limit=100&page=" + page);
                        if (answer.status() != 200) {
                            throw new IllegalStateException("messages of case " + caseId + ": " + answer.status());
                        }
                        int[] count = {0};
                        answer.json().fields().forEachRemaining(field -> {
                            JsonNode message = field.getValue().path("message");
                            if (message.isMissingNode()) {
                                return;
                            }
                            count[0]++;
                            String content = message.path("content").asText("");
                            if (content.startsWith("bench ")) {
                                String key = Conversation.keyIn(content);
                                stored.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                            }
                        });
                        if (count[0] < 100) {
                            break;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading back " + channel + " failed", e);
        } finally {
            pool.shutdownNow();
        }
        long accepted = 0;
        long missing = 0;
        long withoutAccept = 0;
        for (Ledger.Entry entry : ledger.all()) {
            if (!entry.key.startsWith(prefix) || !Character.isDigit(entry.key.charAt(prefix.length()))) {
                continue;
            }
            AtomicInteger copies = stored.get(entry.key);
            if (entry.accepted()) {
                accepted++;
                if (copies == null) {
                    missing++;
                    if (samples.size() < 10) {
                        samples.add("accepted, not stored: " + entry.key);
                    }
                }
            } else if (copies != null) {
                withoutAccept++;
            }
        }
        long twice = stored.entrySet().stream().filter(e -> e.getValue().get() > 1).peek(e -> {
            if (samples.size() < 20) {
                samples.add("stored " + e.getValue().get() + " times: " + e.getKey());
            }
        }).count();
        long messages = stored.values().stream().mapToLong(AtomicInteger::get).sum();
        return new Result(channel, caseIds.size(), messages, accepted, missing, twice, withoutAccept, List.copyOf(samples));
    }
}
