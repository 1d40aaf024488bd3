package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.TestApp;

/**
 * The administrator of a fresh installation (dev.switchboard.desk.staff.AdminBootstrap): from
 * SWITCHBOARD_ADMIN_EMAIL / SWITCHBOARD_ADMIN_API_KEY, or local-only defaults printed once.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstStartAdminTest {

    private static final String DEFAULT_EMAIL = "admin@switchboard.local";
    private static final String DEFAULT_KEY = "switchboard-local-admin-key";

    @Test
    void theConfiguredAdministratorIsCreatedAndTheDefaultsAreNot(CapturedOutput output) {
        Map<String, String> installation = installation();
        installation.put("switchboard.admin.email", "Boss@Example.test");
        installation.put("switchboard.admin.api-key", "configured-key-4f1c2b9e");
        int from = output.getOut().length();

        try (TestApp app = TestApp.start(installation)) {
            String log = output.getOut().substring(from);
            DeskClient boss = client(app, "boss@example.test", "configured-key-4f1c2b9e");

            // staff lists are Omnidesk-style: {"0":{"staff":{...}}, ..., "total_count":n}
            DeskClient.Answer staff = boss.get("/api/staff.json");

            assertThat(staff.status()).as(staff.body()).isEqualTo(200);
            assertThat(staff.json().path("total_count").asLong()).as(staff.body()).isEqualTo(1);
            assertThat(staff.json().path("0").path("staff").path("admin").asBoolean()).isTrue();
            assertThat(client(app, DEFAULT_EMAIL, DEFAULT_KEY).get("/api/staff.json").status()).isEqualTo(401);
            assertThat(log).contains("SB-0003").doesNotContain("SB-0001").doesNotContain("SB-0002")
                    .doesNotContain("configured-key-4f1c2b9e");
        }
    }

    @Test
    void withoutSettingsTheDefaultsWorkAndArePrintedOnceOnlyOnTheFirstStart(CapturedOutput output) {
        Map<String, String> installation = installation();
        installation.put("switchboard.admin.email", "");
        installation.put("switchboard.admin.api-key", "");
        JsonNode admin;
        String created;

        int first = output.getOut().length();
        try (TestApp app = TestApp.start(installation)) {
            String log = output.getOut().substring(first);
            DeskClient.Answer staff = client(app, DEFAULT_EMAIL, DEFAULT_KEY).get("/api/staff.json");

            assertThat(staff.status()).as(staff.body()).isEqualTo(200);
            assertThat(staff.json().path("total_count").asLong()).as(staff.body()).isEqualTo(1);
            admin = staff.json().path("0").path("staff");
            assertThat(admin.path("staff_email").asText()).isEqualTo(DEFAULT_EMAIL);
            assertThat(admin.path("admin").asBoolean()).isTrue();
            assertThat(count(log, "SB-0001")).as(log).isEqualTo(1);
            created = lineWith(log, "SB-0001");
            assertThat(created).contains("WARN").contains(DEFAULT_EMAIL);
            assertThat(log).doesNotContain("SB-0002");
        }

        int second = output.getOut().length();
        try (TestApp app = TestApp.start(installation)) {
            String log = output.getOut().substring(second);
            DeskClient.Answer staff = client(app, DEFAULT_EMAIL, DEFAULT_KEY).get("/api/staff.json");

            assertThat(staff.status()).as(staff.body()).isEqualTo(200);
            assertThat(staff.json().path("total_count").asLong()).as(staff.body()).isEqualTo(1);
            JsonNode same = staff.json().path("0").path("staff");
            assertThat(same.path("staff_id").asLong()).isEqualTo(admin.path("staff_id").asLong());
            assertThat(same.path("created_at").asText()).isEqualTo(admin.path("created_at").asText());
            assertThat(log).doesNotContain("SB-0001").doesNotContain("SB-0003");
            assertThat(count(log, "SB-0002")).as(log).isEqualTo(1);
            assertThat(lineWith(log, "SB-0002")).contains("WARN").contains(DEFAULT_EMAIL);
        }
        // README: the defaults are printed once; the operator reads the key from that line
        assertThat(created).contains(DEFAULT_KEY).doesNotContain("****");
    }

    private static Map<String, String> installation() {
        Map<String, String> properties = new HashMap<>(TestApp.onData(AppTest.newDataDir()));
        properties.put("server.address", "127.0.0.1");
        return properties;
    }

    private static DeskClient client(TestApp app, String email, String key) {
        return new DeskClient("http://127.0.0.1:" + app.port(), email, key);
    }

    private static int count(String text, String code) {
        Matcher matcher = Pattern.compile(Pattern.quote(code)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static String lineWith(String text, String code) {
        return text.lines().filter(line -> line.contains(code)).findFirst().orElse("");
    }
}
