package dev.switchboard.bench;

import java.util.ArrayList;
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
 * What the crash test reads back besides {@link StoredCheck}: for every key, the cases its
 * customer message is stored in (it must be the conversation's own case) and how many times the
 * bot's answer to it ({@code re bench <key>}) is stored.
 */
final class CrashReadBack {

    /** Per key: the case ids holding its customer message (one per copy), and its stored answers. */
    record Stored(Map<String, List<Long>> customerCases, Map<String, AtomicInteger> answers, long cases) {
    }

    private CrashReadBack() {
    }

    static Stored read(DeskClient admin, String channel, int threads) {
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
        Map<String, List<Long>> customerCases = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
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
                            String key = Conversation.keyIn(content);
                            if (key == null) {
                                return;
                            }
                            if (content.startsWith("bench ")) {
                                customerCases.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(
                                        new ArrayList<>())).add(caseId);
                            } else if (content.startsWith("re bench ")) {
                                answers.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
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
        return new Stored(customerCases, answers, caseIds.size());
    }
}
