package dev.switchboard.desk.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.switchboard.support.Migrations;

/**
 * Migration V13 keys the dedup marks an earlier version wrote by the hash InboundSeen computes, on
 * both databases, so that a copy of a message stored before the upgrade is still dropped; the
 * hash is unique, the strings no longer indexed.
 */
class InboundSeenMigrationTest {

    private static final OffsetDateTime SEEN = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    private static final List<String> IDS = List.of("29:1abc", "f:é-ü-ß", "😀 emoji|pipe", "1481567603816");

    @TempDir
    Path dir;

    @Test
    void marksOfAnEarlierVersionAreKeyedByTheirHashOnH2() {
        migrateMarksOfVersion12(Migrations.h2(dir), "h2");
    }

    @Test
    void marksOfAnEarlierVersionAreKeyedByTheirHashOnPostgres() {
        migrateMarksOfVersion12(Migrations.postgres(), "postgresql");
    }

    private static void migrateMarksOfVersion12(DriverManagerDataSource database, String vendor) {
        Migrations.flyway(database, vendor).target("12").load().migrate();
        JdbcClient jdbc = JdbcClient.create(database);
        for (String id : IDS) {
            jdbc.sql("INSERT INTO inbound_seen (channel_code, external_id, seen_at) VALUES ('bf-support', ?, ?)")
                    .params(id, SEEN).update();
        }

        Migrations.flyway(database, vendor).load().migrate();

        List<Map<String, Object>> marks = jdbc.sql("SELECT external_id, key_hash FROM inbound_seen").query()
                .listOfRows();
        assertThat(marks).hasSize(IDS.size());
        for (Map<String, Object> mark : marks) {
            assertThat(((Number) mark.get("key_hash")).longValue()).as((String) mark.get("external_id"))
                    .isEqualTo(InboundSeen.keyHash("bf-support", (String) mark.get("external_id")));
        }
        assertThatThrownBy(() -> jdbc.sql(
                "INSERT INTO inbound_seen (key_hash, channel_code, external_id, seen_at) VALUES (?, 'other', 'x', ?)")
                .params(InboundSeen.keyHash("bf-support", IDS.get(0)), SEEN).update())
                .as("the hash is unique").isInstanceOf(DuplicateKeyException.class);
    }
}
