package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.switchboard.support.SwitchboardTest;

/**
 * On the embedded database no table keeps two plain indexes where one would do (migration h2/V10;
 * a unique index beside a key's plain one says more than it, and stays): H2 removes and adds a row
 * in every index of its table on each UPDATE and writes each touched index's pages at commit, so a
 * second index on the same columns costs every write. An index on {@code (a, id)} is the same as
 * one on {@code (a)} there: H2 ends every index entry with the row's id.
 */
class H2IndexesTest extends SwitchboardTest {

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void noTableHasTwoPlainIndexesInTheSameOrder() {
        Map<String, Map<String, List<String>>> tables = new LinkedHashMap<>();
        jdbc.query("""
                SELECT table_name, index_name, column_name FROM information_schema.index_columns
                WHERE table_schema = 'PUBLIC' AND table_name NOT LIKE 'QRTZ%' AND NOT is_unique
                ORDER BY table_name, index_name, ordinal_position""", rs -> {
            tables.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>())
                    .computeIfAbsent(rs.getString(2), i -> new ArrayList<>()).add(rs.getString(3));
        });
        assertThat(tables).containsKeys("MESSAGE", "DESK_CASE", "CHAT", "CONVERSATION_EVENT");

        List<String> duplicates = new ArrayList<>();
        tables.forEach((table, indexes) -> indexes.forEach((index, columns) -> indexes.forEach((other, columns2) -> {
            if (!index.equals(other) && (columns.equals(columns2) || withId(columns).equals(columns2))) {
                duplicates.add(table + ": " + index + " " + columns + " and " + other + " " + columns2);
            }
        })));
        assertThat(duplicates).isEmpty();
    }

    @Test
    void theKeysWhoseIndexesChangedStillHoldTheirRows() {
        List<String> keyed = jdbc.queryForList("""
                SELECT kc.table_name || '.' || kc.column_name FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kc
                  ON kc.constraint_schema = tc.constraint_schema AND kc.constraint_name = tc.constraint_name
                WHERE tc.table_schema = 'PUBLIC' AND tc.constraint_type = 'FOREIGN KEY'""", String.class);
        assertThat(keyed).contains("MESSAGE.CASE_ID", "CHAT.CASE_ID", "RULE_FIRING.CASE_ID", "MESSAGE_KEYBOARD.CASE_ID",
                "CONVERSATION_EVENT.CONVERSATION_ID", "ATTACHMENT.MESSAGE_ID", "USER_IDENTITY.USER_ID",
                "CONVERSATION.CASE_ID", "BOT.STAFF_ID");

        long noCase = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) + 1000000 FROM desk_case", Long.class);
        assertThatThrownBy(() -> jdbc.update("""
                INSERT INTO message (case_id, author, content, created_at)
                VALUES (?, 'staff', 'to no case', CURRENT_TIMESTAMP)""", noCase))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    /**
     * The reads by a key whose second index went away find their rows through the key's index, also
     * before H2 has statistics of the table: a plan made then is kept for as long as its pooled
     * connection, and one that scans instead grows slower with every row (an earlier try of V10 kept
     * the other index of user_identity.user_id, and H2 then read a customer's channel id by scanning
     * every identity of the channel).
     */
    @Test
    void theReadsByKeyUseTheKeysIndex() {
        assertThat(plan("SELECT identity_value FROM user_identity WHERE user_id = 1 AND kind = 'custom' "
                + "AND scope = 'cch1' ORDER BY id FETCH FIRST 1 ROWS ONLY")).matches(byIndexOn("USER_ID"));
        assertThat(plan("SELECT id FROM message WHERE case_id = 1 ORDER BY id DESC OFFSET 0 ROWS "
                + "FETCH NEXT 20 ROWS ONLY")).matches(byIndexOn("CASE_ID"));
        assertThat(plan("SELECT id FROM chat WHERE case_id = 1 AND ended_at IS NULL")).matches(byIndexOn("CASE_ID"));
        assertThat(plan("SELECT id FROM rule_firing WHERE case_id = 1 ORDER BY id")).matches(byIndexOn("CASE_ID"));
        assertThat(plan("SELECT id FROM conversation_event WHERE conversation_id = 1 ORDER BY id"))
                .matches(byIndexOn("CONVERSATION_ID"));
        assertThat(plan("SELECT k.message_id FROM message_keyboard k JOIN message m ON m.id = k.message_id "
                + "WHERE k.case_id = 1 ORDER BY k.message_id DESC FETCH FIRST 1 ROWS ONLY")).matches(byIndexOn("CASE_ID"));
    }

    private String plan(String query) {
        return jdbc.queryForObject("EXPLAIN " + query, String.class).replaceAll("\\s+", " ");
    }

    /** A plan whose first table is read through an index on {@code column} (H2: "/* PUBLIC.INDEX: COLUMN = ... *&#47;"). */
    private static String byIndexOn(String column) {
        return "(?s)[^/]*/\\* PUBLIC\\.\\w+: [^*]*\\b" + column + " = .*";
    }

    private static List<String> withId(List<String> columns) {
        List<String> more = new ArrayList<>(columns);
        more.add("ID");
        return more;
    }
}
