package dev.switchboard.desk.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.support.SwitchboardTest;

/**
 * Dedup marks keyed by a hash of (channel, message id): a copy is dropped, any other id — on
 * another channel, or one whose hash another id took — is stored, and the hash is the one
 * migration V13 computed in SQL for the marks it found.
 */
class InboundSeenTest extends SwitchboardTest {

    @Autowired
    InboundSeen seen;

    @Autowired
    JdbcClient jdbc;

    private final String channel = "seen-" + UUID.randomUUID();

    @Test
    void aCopyIsDroppedAndEveryOtherIdIsStored() {
        assertThat(seen.mark(channel, "m1")).isTrue();
        assertThat(seen.mark(channel, "m1")).as("a copy").isFalse();
        assertThat(seen.mark(channel, "m2")).isTrue();
        assertThat(seen.mark(channel + "x", "m1")).as("the same id on another channel").isTrue();
        assertThat(seen.seen(channel, "m1")).isTrue();
        assertThat(seen.seen(channel, "m3")).isFalse();
    }

    @Test
    void anIdWhoseKeyAnotherIdTookIsStoredNotDropped() {
        // a collision: another id's mark holds the key that "m1" hashes to
        jdbc.sql("INSERT INTO inbound_seen (key_hash, channel_code, external_id, seen_at) VALUES (?, ?, ?, ?)")
                .params(InboundSeen.keyHash(channel, "m1"), channel, "other", OffsetDateTime.now()).update();

        assertThat(seen.mark(channel, "m1")).as("not a copy: stored, without a mark").isTrue();
        assertThat(seen.seen(channel, "m1")).isFalse();
        assertThat(jdbc.sql("SELECT external_id FROM inbound_seen WHERE channel_code = ?").param(channel)
                .query(String.class).list()).as("the other id's mark stays").containsExactly("other");
    }

    @Test
    void theKeyIsWhatTheMigrationComputesInSql() {
        for (String id : new String[] {"29:1abc|f:9", "é-ü-ß", "😀 emoji", ""}) {
            long sql = jdbc.sql("SELECT CAST(SUBSTRING(HASH('SHA-256', ? || '|' || ?) FROM 1 FOR 8) AS BIGINT)")
                    .params(channel, id).query(Long.class).single();
            assertThat(sql).as(id).isEqualTo(InboundSeen.keyHash(channel, id));
        }
    }
}
