package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.support.Browser;
import dev.switchboard.support.Browser.Response;
import dev.switchboard.support.LoopbackSwitchboardTest;

/** The Hawtio console at /actuator/hawtio: administrators only, by HTTP Basic or the login form. */
class ConsoleLoginTest extends LoopbackSwitchboardTest {

    private static final String HAWTIO = "/actuator/hawtio/";

    @Test
    void anAnonymousBrowserIsSentToTheLoginPage() {
        for (String path : new String[] {"/actuator/hawtio", HAWTIO}) {
            Response response = browser().get(path, "Accept", "text/html");

            assertThat(response.status()).as(path + " " + response).isEqualTo(302);
            assertThat(response.header("Location")).as(path).endsWith("/login");
        }
        Response login = browser().get("/login", "Accept", "text/html");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"username\"").contains("name=\"password\"");
    }

    @Test
    void anAnonymousNonBrowserGets401WithABasicChallenge() {
        for (String[] headers : new String[][] {{"Accept", "application/json"}, {}}) {
            Response response = browser().get(HAWTIO, headers);

            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=\"Switchboard\"");
            assertThat(response.body()).doesNotContain("Hawtio");
        }
    }

    @Test
    void aWrongApiKeyGets401() {
        Response response = browser().basic(ADMIN_EMAIL, ADMIN_KEY + "x").get(HAWTIO);

        assertThat(response.status()).as(response.toString()).isEqualTo(401);
    }

    @Test
    void aStaffMemberWhoIsNotAnAdministratorGets403() {
        NewStaff agent = newStaff();

        Response response = browser().basic(agent.email(), agent.apiKey()).get(HAWTIO);

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("Hawtio");
    }

    @Test
    void anAdministratorWithHttpBasicGetsTheConsole() {
        Response response = browser().basic(ADMIN_EMAIL, ADMIN_KEY).get(HAWTIO, "Accept", "text/html");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/html");
        assertThat(response.body()).contains("<title>Hawtio</title>").contains("<base href=\"/actuator/hawtio/\">");
    }

    @Test
    void theLoginPageSetsAReadableXsrfCookieEqualToItsHiddenField() {
        Browser browser = browser();

        Response page = browser.get("/login", "Accept", "text/html");

        assertThat(page.status()).isEqualTo(200);
        String cookie = page.setCookie("XSRF-TOKEN").orElseThrow();
        // Hawtio's JavaScript reads the cookie to send it back as X-XSRF-TOKEN
        assertThat(cookie.toLowerCase()).doesNotContain("httponly");
        assertThat(browser.xsrfToken()).isNotBlank();
        assertThat(Browser.csrfField(page)).isEqualTo(browser.xsrfToken());
    }

    @Test
    void theLoginFormGivesASessionThatOpensTheConsole() {
        Browser browser = browser();
        assertThat(browser.get(HAWTIO, "Accept", "text/html").status()).isEqualTo(302);

        Response login = browser.formLogin(ADMIN_EMAIL, ADMIN_KEY);

        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        // back to the console (the page asked for first, or the default target)
        assertThat(login.header("Location")).contains("/actuator/hawtio/");
        assertThat(browser.cookie("JSESSIONID")).isNotBlank();
        Response console = browser.get(HAWTIO, "Accept", "text/html");
        assertThat(console.status()).as(console.toString()).isEqualTo(200);
        assertThat(console.body()).contains("<title>Hawtio</title>");
        // what the console's own scripts ask for next
        assertThat(browser.get("/actuator/hawtio/hawtconfig.json").status()).isEqualTo(200);
    }

    @Test
    void theLoginFormWithoutTheCsrfTokenIsRefused() {
        Browser browser = browser();
        browser.get("/login", "Accept", "text/html");

        Response login = browser.postForm("/login", Map.of("username", ADMIN_EMAIL, "password", ADMIN_KEY));

        assertThat(login.status()).as(login.toString()).isEqualTo(403);
        assertThat(browser.get(HAWTIO, "Accept", "text/html").status()).isEqualTo(302);
    }

    @Test
    void theLoginFormWithAWrongKeyGivesNoSession() {
        Browser browser = browser();

        Response login = browser.formLogin(ADMIN_EMAIL, "not-the-key");

        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(login.header("Location")).endsWith("/login?error");
        Response console = browser.get(HAWTIO, "Accept", "text/html");
        assertThat(console.status()).isEqualTo(302);
        assertThat(console.header("Location")).endsWith("/login");
    }

    @Test
    void aNonAdministratorsBrowserSessionGets403FromTheConsole() {
        NewStaff agent = newStaff();
        Browser browser = browser();

        Response login = browser.formLogin(agent.email(), agent.apiKey());
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(login.header("Location")).doesNotContain("error");

        Response console = browser.get(HAWTIO, "Accept", "text/html");
        assertThat(console.status()).as(console.toString()).isEqualTo(403);
        assertThat(console.body()).doesNotContain("Hawtio");
    }
}
