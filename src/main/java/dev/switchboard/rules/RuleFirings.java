package dev.switchboard.rules;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.switchboard.desk.cases.Change;

/** The record on a case of every rule that fired: which rule, on which change, doing what. */
@Repository
public class RuleFirings {

    public record Firing(long id, long caseId, long ruleId, String ruleTitle, List<String> changes,
            List<String> actions, OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public RuleFirings(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    void record(long caseId, Rule rule, java.util.Set<Change> changes, List<String> actions) {
        try {
            jdbc.sql("INSERT INTO rule_firing (case_id, rule_id, rule_title, changes, actions, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)")
                    .params(caseId, rule.id(), rule.title(),
                            changes.stream().map(Change::code).sorted().collect(Collectors.joining(",")),
                            json.writeValueAsString(actions),
                            OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS))
                    .update();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public List<Firing> ofCase(long caseId) {
        return jdbc.sql("SELECT id, case_id, rule_id, rule_title, changes, actions, created_at FROM rule_firing "
                        + "WHERE case_id = ? ORDER BY id")
                .param(caseId)
                .query((rs, n) -> new Firing(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        List.of(rs.getString(5).split(",")), read(rs.getString(6)),
                        rs.getObject(7, OffsetDateTime.class)))
                .list();
    }

    private List<String> read(String actions) {
        try {
            return json.readValue(actions, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of(actions);
        }
    }
}
