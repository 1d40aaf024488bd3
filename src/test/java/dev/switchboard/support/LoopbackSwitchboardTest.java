package dev.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Like {@link SwitchboardTest} (H2 and embedded Artemis under a fresh data directory, one context
 * shared by its subclasses), but listening on 127.0.0.1 only: for the console and security tests.
 * Its own data directory, so it can run next to the {@link SwitchboardTest} context.
 */
@TestPropertySource(properties = "server.address=127.0.0.1")
public abstract class LoopbackSwitchboardTest extends AppTest {

    private static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
    }

    /** A staff member as created by an administrator, with the API key answered once. */
    public record NewStaff(long id, String email, String apiKey) {
    }

    /** Creates a (non-admin unless {@code admin}) staff member through the API as {@code by}. */
    public static NewStaff newStaff(DeskClient by, boolean admin) {
        String email = "staff-" + UUID.randomUUID() + "@test.local";
        DeskClient.Answer answer = by.post("/api/staff.json",
                Map.of("staff", Map.of("staff_email", email, "admin", admin)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode staff = answer.json().get("staff");
        assertThat(staff.get("admin").asBoolean()).isEqualTo(admin);
        return new NewStaff(staff.get("staff_id").asLong(), email, staff.get("api_key").asText());
    }

    protected NewStaff newStaff() {
        return newStaff(admin(), false);
    }

    protected Browser browser() {
        return Browser.at(port);
    }
}
