package dev.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one phase, from the ledger. */
final class PhaseSummary {

    private PhaseSummary() {
    }

    /** The first part of a phase is not counted in its rates (pools, JIT, queues filling). */
    static long warmNanos(RoundTripDriver.Run run) {
        return Math.min(5_000_000_000L, (run.endedAt() - run.startedAt()) / 10);
    }

    static Map<String, Object> of(RoundTripDriver.Run run, Ledger ledger, double cpuSeconds) {
        List<Ledger.Entry> entries = ledger.ofPhase(run.phase());
        long windowStart = run.startedAt() + warmNanos(run);
        double window = (run.endedAt() - windowStart) / 1e9;
        long sent = 0;
        long accepted = 0;
        long answered = 0;
        long expecting = 0;
        long acceptedInWindow = 0;
        long answeredInWindow = 0;
        long lastAnswer = 0;
        LongSamples latency = new LongSamples();
        LongSamples accept = new LongSamples();
        LongSamples lag = new LongSamples();
        LongSamples toEvent = new LongSamples();
        LongSamples botApi = new LongSamples();
        LongSamples toWebhook = new LongSamples();
        for (Ledger.Entry e : entries) {
            if (e.sentAt == 0) {
                continue;
            }
            sent++;
            lag.add(Math.max(0, e.sentAt - e.dueAt));
            if (!e.accepted()) {
                continue;
            }
            accepted++;
            accept.add(e.acceptedAt - e.sentAt);
            if (e.acceptedAt >= windowStart && e.acceptedAt <= run.endedAt()) {
                acceptedInWindow++;
            }
            if (!e.expectsAnswer) {
                continue;
            }
            expecting++;
            if (e.answered()) {
                answered++;
                lastAnswer = Math.max(lastAnswer, e.answeredAt);
                latency.add(Math.max(0, e.answeredAt - e.acceptedAt));
                if (e.answeredAt >= windowStart && e.answeredAt <= run.endedAt()) {
                    answeredInWindow++;
                }
                if (e.eventAt != 0 && e.replyAcceptedAt != 0) {
                    toEvent.add(Math.max(0, e.eventAt - e.acceptedAt));
                    botApi.add(Math.max(0, e.replyAcceptedAt - e.eventAt));
                    toWebhook.add(Math.max(0, e.answeredAt - e.replyAcceptedAt));
                }
            }
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("phase", run.phase());
        map.put("seconds", round(run.seconds()));
        map.put("sent", sent);
        map.put("accepted", accepted);
        map.put("refused_by_status", Ledger.refusals(entries));
        map.put("accepted_per_s", round(acceptedInWindow / window));
        if (expecting > 0) {
            map.put("answered", answered);
            map.put("unanswered", expecting - answered);
            // answers that arrived while the phase ran (after its first tenth), per second
            map.put("round_trips_per_s", round(answeredInWindow / window));
            if (lastAnswer > 0) {
                // with the backlog the phase left: from its start until its last answer arrived
                double untilLast = (lastAnswer - run.startedAt()) / 1e9;
                map.put("all_answered_after_s", round(untilLast));
                map.put("round_trips_per_s_including_backlog", round(answered / Math.max(untilLast, run.seconds())));
            }
            map.put("latency", Percentiles.of(latency.toArray()).toMap());
            Map<String, Object> legs = new LinkedHashMap<>();
            legs.put("accepted_to_bot_event", Percentiles.of(toEvent.toArray()).toMap());
            legs.put("bot_event_to_answer_accepted_by_bot_api", Percentiles.of(botApi.toArray()).toMap());
            legs.put("answer_accepted_to_webhook", Percentiles.of(toWebhook.toArray()).toMap());
            map.put("latency_legs", legs);
        }
        map.put("post_latency", Percentiles.of(accept.toArray()).toMap());
        if (run.skipped() > 0 || run.phase().startsWith("rate")) {
            map.put("schedule_lag", Percentiles.of(lag.toArray()).toMap());
            map.put("skipped_client_backlog", run.skipped());
        }
        map.put("extra_conversations_started", run.extraConversations());
        map.put("switchboard_cpu_seconds", round(cpuSeconds));
        long done = expecting > 0 ? answered : accepted;
        map.put("switchboard_cpu_ms_per_message", done == 0 ? 0 : round(cpuSeconds * 1000 / done));
        return map;
    }

    static Percentiles latency(String phase, Ledger ledger) {
        LongSamples latency = new LongSamples();
        for (Ledger.Entry e : ledger.ofPhase(phase)) {
            if (e.accepted() && e.answered()) {
                latency.add(Math.max(0, e.answeredAt - e.acceptedAt));
            }
        }
        return Percentiles.of(latency.toArray());
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
