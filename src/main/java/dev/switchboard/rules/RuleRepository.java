package dev.switchboard.rules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class RuleRepository {

    private static final String COLUMNS =
            "id, rule_key, title, trigger_kind, position, active, definition, created_at, updated_at";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public RuleRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Rule> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM case_rule ORDER BY trigger_kind, position, id")
                .query(this::row).list();
    }

    public Optional<Rule> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM case_rule WHERE id = ?").param(id).query(this::row).optional();
    }

    public Optional<Rule> findByKey(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM case_rule WHERE rule_key = ?").param(key)
                .query(this::row).optional();
    }

    /** A counter every change of a rule moves, in commit order (on any node). */
    public String version() {
        return jdbc.sql("SELECT version FROM rule_version WHERE id = 1").query(Long.class).single().toString();
    }

    private void bump() {
        jdbc.sql("UPDATE rule_version SET version = version + 1 WHERE id = 1").update();
    }

    public long insert(String key, String title, String trigger, Integer position, boolean active,
            RuleDefinition definition, OffsetDateTime now) {
        int at = position != null ? position
                : jdbc.sql("SELECT COALESCE(MAX(position), 0) + 1 FROM case_rule WHERE trigger_kind = ?")
                        .param(trigger).query(Integer.class).single();
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO case_rule (rule_key, title, trigger_kind, position, active, definition, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(key, title, trigger, at, active, write(definition), now, now).update(id, "id");
        bump();
        return id.getKey().longValue();
    }

    public void update(Rule rule, OffsetDateTime now) {
        jdbc.sql("""
                UPDATE case_rule SET title = ?, trigger_kind = ?, position = ?, active = ?, definition = ?, updated_at = ?
                WHERE id = ?""")
                .params(rule.title(), rule.trigger(), rule.position(), rule.active(), write(rule.definition()), now,
                        rule.id())
                .update();
        bump();
    }

    public void setPosition(long id, int position, OffsetDateTime now) {
        jdbc.sql("UPDATE case_rule SET position = ?, updated_at = ? WHERE id = ?").params(position, now, id).update();
        bump();
    }

    public boolean delete(long id) {
        boolean deleted = jdbc.sql("DELETE FROM case_rule WHERE id = ?").param(id).update() == 1;
        bump();
        return deleted;
    }

    private String write(RuleDefinition definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Rule row(ResultSet rs, int n) throws SQLException {
        try {
            return new Rule(rs.getLong("id"), rs.getString("rule_key"), rs.getString("title"),
                    rs.getString("trigger_kind"), rs.getInt("position"), rs.getBoolean("active"),
                    json.readValue(rs.getString("definition"), RuleDefinition.class),
                    rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rule " + rs.getLong("id") + " has an unreadable definition", e);
        }
    }
}
