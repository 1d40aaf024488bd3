package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.support.Browser;
import dev.switchboard.support.Browser.Response;
import dev.switchboard.support.LoopbackSwitchboardTest;

/**
 * A browser with Basic credentials cached for Switchboard sends them along on other sites'
 * requests too: the API refuses what the browser marks as coming from another site.
 */
class CrossSiteRequestTest extends LoopbackSwitchboardTest {

    @Test
    void aFormPostedFromAnotherSiteIsRefusedAndChangesNothing() {
        Browser browser = browser().basic(ADMIN_EMAIL, ADMIN_KEY);
        long before = admin().get("/api/labels.json").json().get("total_count").asLong();

        Response forged = browser.post("/api/labels.json", "application/x-www-form-urlencoded",
                "label[label_title]=forged-" + System.nanoTime(), "Sec-Fetch-Site", "cross-site");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().path("error").asText()).isEqualTo("cross_site_request");
        assertThat(browser.post("/api/labels.json", "application/json", "{}", "Sec-Fetch-Site", "same-site").status())
                .isEqualTo(403);
        assertThat(admin().get("/api/labels.json").json().get("total_count").asLong()).isEqualTo(before);
    }

    @Test
    void programsAndSameOriginPagesAreAnswered() {
        Browser browser = browser().basic(ADMIN_EMAIL, ADMIN_KEY);
        assertThat(browser.get("/api/staff.json").status()).isEqualTo(200);
        assertThat(browser.get("/api/staff.json", "Sec-Fetch-Site", "same-origin").status()).isEqualTo(200);
        assertThat(browser.get("/api/staff.json", "Sec-Fetch-Site", "none").status()).isEqualTo(200);
        assertThat(admin().post("/api/labels.json", Map.of("label", Map.of("label_title", "ok-" + System.nanoTime())))
                .status()).isEqualTo(201);
    }
}
