package dev.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.Browser.Response;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.LoopbackSwitchboardTest;

/** /actuator/health: open to anyone, details (database, broker) for administrators only. */
class HealthTest extends LoopbackSwitchboardTest {

    @Test
    void anonymousGetsTheStatusWithoutComponents() {
        Response response = browser().get("/actuator/health", "Accept", "application/json");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode health = response.json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.has("components")).as(response.body()).isFalse();
        assertThat(health.has("details")).as(response.body()).isFalse();
    }

    @Test
    void aBrowserGetsItWithoutLoggingIn() {
        Response response = browser().get("/actuator/health", "Accept", "*/*");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void anAdministratorSeesDatabaseAndBrokerUp() {
        Response response = browser().basic(ADMIN_EMAIL, ADMIN_KEY).get("/actuator/health", "Accept", "application/json");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode components = response.json().path("components");
        assertThat(components.path("db").path("status").asText()).as(response.body()).isEqualTo("UP");
        assertThat(components.path("jms").path("status").asText()).as(response.body()).isEqualTo("UP");
        assertThat(components.path("db").path("details").path("database").asText()).isEqualTo("H2");
    }

    @Test
    void aStaffMemberWhoIsNotAnAdministratorSeesNoComponents() {
        NewStaff agent = newStaff();

        DeskClient.Answer answer = new DeskClient(admin().base(), agent.email(), agent.apiKey()).get("/actuator/health");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("UP");
        assertThat(answer.json().has("components")).as(answer.body()).isFalse();
    }
}
