package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.LoopbackSwitchboardTest;

/** API keys are answered once and stored only as salted SHA-256 hashes. */
class ApiKeyStorageTest extends LoopbackSwitchboardTest {

    @Autowired
    DataSource dataSource;

    @Test
    void aNewStaffMembersKeyIsStoredHashed() {
        NewStaff agent = newStaff();

        String hash = storedHash(agent.email());

        assertThat(hash).startsWith("sha256$").doesNotContain(agent.apiKey());
        assertThat(hash.split("\\$")).hasSize(3);
        assertThat(new ApiKeyEncoder().matches(agent.apiKey(), hash)).isTrue();
        // and the key works
        assertThat(new DeskClient(admin().base(), agent.email(), agent.apiKey()).get("/api/staff.json").status())
                .isEqualTo(200);
    }

    @Test
    void theBootstrapAdministratorsKeyIsStoredHashed() {
        String hash = storedHash(ADMIN_EMAIL);

        assertThat(hash).startsWith("sha256$").doesNotContain(ADMIN_KEY);
    }

    @Test
    void twoStaffMembersHashesAreSaltedDifferently() {
        NewStaff one = newStaff();
        NewStaff two = newStaff();

        assertThat(storedHash(one.email()).split("\\$")[1]).isNotEqualTo(storedHash(two.email()).split("\\$")[1]);
    }

    @Test
    void neitherKeyNorHashIsAnsweredAgain() {
        NewStaff agent = newStaff();

        DeskClient.Answer answer = admin().get("/api/staff/" + agent.id() + ".json");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("staff").path("staff_email").asText()).isEqualTo(agent.email());
        assertThat(answer.body()).doesNotContain(agent.apiKey()).doesNotContain("sha256$")
                .doesNotContain("api_key");
    }

    private String storedHash(String email) {
        return new JdbcTemplate(dataSource).queryForObject("SELECT api_key_hash FROM staff WHERE email = ?",
                String.class, email);
    }
}
