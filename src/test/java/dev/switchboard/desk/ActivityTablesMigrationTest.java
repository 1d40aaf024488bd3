package dev.switchboard.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.switchboard.support.Migrations;

/**
 * Migrations V11 and V12 move the columns every message changes out of desk_case into
 * case_activity and out of conversation into conversation_reference: a case and a conversation
 * written by an earlier version keep them, on both databases, and the old tables no longer have
 * the columns (so nothing can go on writing them there).
 */
class ActivityTablesMigrationTest {

    private static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    private static final OffsetDateTime UPDATED = CREATED.plusHours(1);
    private static final OffsetDateTime CHANGED = CREATED.plusMinutes(30);
    private static final OffsetDateTime ANSWERED = CREATED.plusMinutes(20);

    @TempDir
    Path dir;

    @Test
    void aCaseOfAnEarlierVersionKeepsItsMomentsOnH2() {
        migrateACaseOfVersion10(Migrations.h2(dir), "h2");
    }

    @Test
    void aCaseOfAnEarlierVersionKeepsItsMomentsOnPostgres() {
        migrateACaseOfVersion10(Migrations.postgres(), "postgresql");
    }

    private static void migrateACaseOfVersion10(DriverManagerDataSource database, String vendor) {
        // the last version before V11 (PostgreSQL has no V9 and V10: they are H2's)
        Migrations.flyway(database, vendor).target("h2".equals(vendor) ? "10" : "8").load().migrate();
        JdbcClient jdbc = JdbcClient.create(database);
        jdbc.sql("INSERT INTO desk_user (id, person_id, type, created_at, updated_at) VALUES (7001, 7001, 'user', ?, ?)")
                .params(CREATED, CREATED).update();
        String insert = "INSERT INTO desk_case (id, user_id, channel_id, subject, status, priority, created_at, "
                + "updated_at, changed_at, status_changed_at, last_response_at) "
                + "VALUES (?, 7001, 0, 'Old', 'open', 'normal', ?, ?, ?, ?, ?)";
        jdbc.sql(insert).params(8001, CREATED, UPDATED, CHANGED, CREATED, ANSWERED).update();
        // a case of a version before changed_at was stamped on every change
        jdbc.sql(insert).params(8002, CREATED, UPDATED, null, CREATED, null).update();
        jdbc.sql("INSERT INTO conversation (id, channel_id, conversation_key, is_group, user_id, case_id, reference, "
                + "created_at, updated_at) VALUES (9001, 0, 'k', FALSE, 7001, 8001, '{\"replyToId\":\"a1\"}', ?, ?)")
                .params(CREATED, UPDATED).update();

        Migrations.flyway(database, vendor).load().migrate();

        List<Map<String, Object>> activity = jdbc.sql(
                "SELECT case_id, updated_at, changed_at, last_response_at FROM case_activity ORDER BY case_id")
                .query().listOfRows();
        assertThat(activity).hasSize(2);
        assertMoment(activity.get(0).get("updated_at"), UPDATED);
        assertMoment(activity.get(0).get("changed_at"), CHANGED);
        assertMoment(activity.get(0).get("last_response_at"), ANSWERED);
        assertMoment(activity.get(1).get("changed_at"), UPDATED);
        assertThat(activity.get(1).get("last_response_at")).isNull();
        assertThat(jdbc.sql("SELECT LOWER(column_name) FROM information_schema.columns "
                        + "WHERE LOWER(table_name) = 'desk_case'").query(String.class).list())
                .contains("status", "status_changed_at", "created_at")
                .doesNotContain("updated_at", "changed_at", "last_response_at");

        Map<String, Object> reference = jdbc.sql(
                "SELECT conversation_id, reference, updated_at FROM conversation_reference").query().singleRow();
        assertThat(((Number) reference.get("conversation_id")).longValue()).isEqualTo(9001);
        assertThat(reference.get("reference")).isEqualTo("{\"replyToId\":\"a1\"}");
        assertMoment(reference.get("updated_at"), UPDATED);
        assertThat(jdbc.sql("SELECT LOWER(column_name) FROM information_schema.columns "
                        + "WHERE LOWER(table_name) = 'conversation'").query(String.class).list())
                .contains("case_id", "title", "created_at").doesNotContain("reference", "updated_at");
    }

    private static void assertMoment(Object value, OffsetDateTime expected) {
        OffsetDateTime moment = value instanceof OffsetDateTime o ? o
                : ((java.sql.Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
        assertThat(moment.toInstant()).isEqualTo(expected.toInstant());
    }
}
