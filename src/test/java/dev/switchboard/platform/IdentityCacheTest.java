package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.switchboard.support.SwitchboardTest;

/**
 * On the embedded database the identities of the tables written per message hand out ids from
 * a cache of 1000 (migration h2/V9), so H2 does not commit a sequence position every 32 inserts.
 */
class IdentityCacheTest extends SwitchboardTest {

    private static final List<String> HOT_TABLES = List.of("MESSAGE", "DESK_CASE", "DESK_USER", "USER_IDENTITY",
            "OUTBOX", "PARKED_DELIVERY", "CHAT", "RULE_FIRING", "ATTACHMENT", "CONVERSATION", "CONVERSATION_EVENT");

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void theTablesWrittenPerMessageCacheAThousandIds() {
        List<String> cached = jdbc.queryForList("""
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = 'PUBLIC' AND column_name = 'ID' AND is_identity = 'YES' AND identity_cache = 1000
                """, String.class);

        assertThat(cached).containsExactlyInAnyOrderElementsOf(HOT_TABLES);
    }
}
