package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.TestApp;

/**
 * The public default key never stays valid unnoticed, and configured administrators are created
 * even on an installation that already has staff.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapTest {

    private static final String DEFAULT_EMAIL = "admin@switchboard.local";
    private static final String DEFAULT_KEY = "switchboard-local-admin-key";

    @Test
    void configuringAnAdministratorLaterCreatesItAndStillWarnsAboutTheDefaultAccount(CapturedOutput output) {
        Map<String, String> installation = new HashMap<>(TestApp.onData(AppTest.newDataDir()));
        installation.put("switchboard.admin.email", "");
        installation.put("switchboard.admin.api-key", "");
        try (TestApp first = TestApp.start(installation)) {
            assertThat(first.admin().as(DEFAULT_EMAIL, DEFAULT_KEY).get("/api/staff.json").status()).isEqualTo(200);
        }
        int before = output.getOut().length();

        installation.put("switchboard.admin.email", "ops@example.com");
        installation.put("switchboard.admin.api-key", "a-long-configured-key-0123456789");
        try (TestApp second = TestApp.start(installation)) {
            DeskClient ops = second.admin().as("ops@example.com", "a-long-configured-key-0123456789");
            assertThat(ops.get("/api/staff.json").status()).isEqualTo(200);
            String log = output.getOut().substring(before);
            assertThat(log).contains("SB-0003 created administrator ops@example.com");
            assertThat(log).contains("SB-0002").contains(DEFAULT_EMAIL);
        }
    }

    @Test
    void aConfiguredKeyIsNotSilentlyAppliedToAnExistingAccount(CapturedOutput output) {
        Map<String, String> installation = new HashMap<>(TestApp.onData(AppTest.newDataDir()));
        installation.put("switchboard.admin.email", "ops@example.com");
        installation.put("switchboard.admin.api-key", "first-key-0123456789-abcdefgh");
        try (TestApp first = TestApp.start(installation)) {
            assertThat(first.admin().as("ops@example.com", "first-key-0123456789-abcdefgh")
                    .get("/api/staff.json").status()).isEqualTo(200);
        }
        int before = output.getOut().length();

        installation.put("switchboard.admin.api-key", "second-key-0123456789-abcdefgh");
        try (TestApp second = TestApp.start(installation)) {
            DeskClient api = second.admin();
            assertThat(api.as("ops@example.com", "first-key-0123456789-abcdefgh").get("/api/staff.json").status())
                    .isEqualTo(200);
            assertThat(api.as("ops@example.com", "second-key-0123456789-abcdefgh").get("/api/staff.json").status())
                    .isEqualTo(401);
            assertThat(output.getOut().substring(before)).contains("SB-0004").contains("ops@example.com")
                    .doesNotContain("second-key-0123456789-abcdefgh");
        }
    }
}
