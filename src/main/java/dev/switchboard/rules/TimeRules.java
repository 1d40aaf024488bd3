package dev.switchboard.rules;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates time-based rules; called by the time-rules route on its Quartz cron. Each rule looks
 * at the cases whose {@code since} moment is older than its {@code after_seconds}, once per case and
 * outside change: a mark (rule, case, changed_at) is written first, in the same transaction, so
 * two nodes never evaluate the same one twice.
 */
@Component("timeRules")
public class TimeRules {

    private static final Logger log = LoggerFactory.getLogger(TimeRules.class);
    private static final int BATCH = 200;
    private static final int MAX_BATCHES_PER_RUN = 25;
    /** The column each kind of moment is in: the case's own (c) or its activity (a, see CaseRepository). */
    static final Map<String, String> SINCE = Map.of(
            "created", "c.created_at", "changed", "a.changed_at", "status_changed", "c.status_changed_at");

    private record Candidate(long caseId, OffsetDateTime changedAt) {
    }

    private final RuleEngine engine;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private volatile OffsetDateTime lastPrune;

    public TimeRules(RuleEngine engine, JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.engine = engine;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Returns how many (rule, case) pairs were evaluated. */
    public int evaluate() {
        int evaluated = 0;
        for (Rule rule : engine.active(Rule.TIME)) {
            try {
                // a backlog (a new rule on an old database) is worked off batch by batch, a bounded number per run
                for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
                    List<Candidate> candidates = candidates(rule);
                    for (Candidate candidate : candidates) {
                        if (evaluate(rule, candidate)) {
                            evaluated++;
                        }
                    }
                    if (candidates.size() < BATCH) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                log.warn("SB-4002 time rule {} could not be evaluated: {}", rule.id(), e.toString());
            }
        }
        pruneMarks();
        return evaluated;
    }

    /** Marks of changes a case has since moved on from are of no use; removed at most hourly. */
    private void pruneMarks() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (lastPrune != null && lastPrune.isAfter(now.minusHours(1))) {
            return;
        }
        lastPrune = now;
        jdbc.sql("DELETE FROM rule_time_mark WHERE NOT EXISTS (SELECT 1 FROM case_activity a "
                + "WHERE a.case_id = rule_time_mark.case_id AND a.changed_at = rule_time_mark.changed_at)").update();
    }

    private List<Candidate> candidates(Rule rule) {
        TimeTrigger time = rule.definition().time();
        String column = SINCE.get(time.since());
        OffsetDateTime threshold = OffsetDateTime.now(clock).minusSeconds(time.afterSeconds());
        return jdbc.sql("SELECT c.id, a.changed_at FROM desk_case c JOIN case_activity a ON a.case_id = c.id "
                        + "WHERE " + column + " <= :threshold "
                        + "AND NOT EXISTS (SELECT 1 FROM rule_time_mark m WHERE m.rule_id = :rule "
                        + "AND m.case_id = c.id AND m.changed_at = a.changed_at) "
                        + "ORDER BY " + column + " FETCH FIRST :batch ROWS ONLY")
                .param("threshold", threshold).param("rule", rule.id()).param("batch", BATCH)
                .query((rs, n) -> new Candidate(rs.getLong(1), rs.getObject(2, OffsetDateTime.class))).list();
    }

    private boolean evaluate(Rule rule, Candidate candidate) {
        try {
            transaction.executeWithoutResult(status -> {
                jdbc.sql("INSERT INTO rule_time_mark (rule_id, case_id, changed_at) VALUES (?, ?, ?)")
                        .params(rule.id(), candidate.caseId(), candidate.changedAt()).update();
                if (!engine.runTimed(rule, candidate.caseId(), candidate.changedAt())) {
                    // changed meanwhile: judged again against its new change on a later run
                    status.setRollbackOnly();
                }
            });
            return true;
        } catch (DuplicateKeyException anotherNode) {
            return false;
        } catch (RuntimeException e) {
            log.warn("SB-4002 time rule {} could not be evaluated on case {}: {}", rule.id(), candidate.caseId(),
                    e.toString());
            return false;
        }
    }
}
