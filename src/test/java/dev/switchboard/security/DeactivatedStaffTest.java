package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.LoopbackSwitchboardTest;

/** The key is checked before the account's state: only the key's owner learns the account is off. */
class DeactivatedStaffTest extends LoopbackSwitchboardTest {

    @Test
    void aWrongKeyNeverRevealsThatAnAccountIsDeactivated() {
        NewStaff agent = newStaff();
        assertThat(admin().put("/api/staff/" + agent.id() + ".json", Map.of("staff", Map.of("active", false)))
                .status()).isEqualTo(200);

        DeskClient.Answer wrongKey = admin().as(agent.email(), "not-the-key").get("/api/staff.json");
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.json().path("error").asText()).isEqualTo("unauthorized");

        DeskClient.Answer rightKey = admin().as(agent.email(), agent.apiKey()).get("/api/staff.json");
        assertThat(rightKey.status()).isEqualTo(401);
        assertThat(rightKey.json().path("error").asText()).isEqualTo("staff_not_active");
    }
}
