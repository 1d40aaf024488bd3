package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.switchboard.support.Browser;
import dev.switchboard.support.Browser.Response;
import dev.switchboard.support.LoopbackSwitchboardTest;

/**
 * Jolokia can invoke any MBean: never without an administrator's login, and POSTs of a browser
 * session only with the X-XSRF-TOKEN header that Hawtio copies from the XSRF-TOKEN cookie.
 */
class JolokiaAccessTest extends LoopbackSwitchboardTest {

    private static final String VERSION = "{\"type\":\"version\"}";
    /** Jolokia itself, and the path the Hawtio console forwards to it. */
    private static final String[] JOLOKIA = {"/actuator/jolokia", "/actuator/jolokia/version",
            "/actuator/hawtio/jolokia", "/actuator/hawtio/jolokia/version"};

    @Test
    void anonymousGetsAreChallengedOrSentToLoginNeverAnswered() {
        for (String path : JOLOKIA) {
            Response script = browser().get(path, "Accept", "application/json");
            assertThat(script.status()).as(path + " " + script).isEqualTo(401);
            assertNotJolokia(path, script);

            Response page = browser().get(path, "Accept", "text/html");
            assertThat(page.status()).as(path + " " + page).isEqualTo(302);
            assertThat(page.header("Location")).endsWith("/login");
            assertNotJolokia(path, page);
        }
    }

    @Test
    void anonymousPostsAreNeverAnswered() {
        for (String path : JOLOKIA) {
            // no CSRF token: refused before authentication is even looked at
            Response bare = browser().postJson(path, VERSION);
            assertThat(bare.status()).as(path + " " + bare).isIn(401, 403);
            assertNotJolokia(path, bare);

            // with a valid (anonymous) CSRF token it comes down to authentication: 401
            Browser browser = browser();
            browser.get("/login");
            Response withToken = browser.postJson(path, VERSION, "X-XSRF-TOKEN", browser.xsrfToken());
            assertThat(withToken.status()).as(path + " " + withToken).isEqualTo(401);
            assertThat(withToken.header("WWW-Authenticate")).startsWith("Basic ");
            assertNotJolokia(path, withToken);
        }
    }

    @Test
    void aNonAdministratorGets403() {
        NewStaff agent = newStaff();
        for (String path : JOLOKIA) {
            Browser browser = browser().basic(agent.email(), agent.apiKey());
            Response get = browser.get(path);
            assertThat(get.status()).as(path + " " + get).isEqualTo(403);
            assertNotJolokia(path, get);

            Response post = browser.postJson(path, VERSION, "X-XSRF-TOKEN", browser.xsrfToken());
            assertThat(post.status()).as(path + " " + post).isEqualTo(403);
            assertNotJolokia(path, post);
        }
    }

    @Test
    void anAdministratorWithHttpBasicReadsJolokia() {
        for (String path : new String[] {"/actuator/jolokia/version", "/actuator/hawtio/jolokia/version"}) {
            Response response = browser().basic(ADMIN_EMAIL, ADMIN_KEY).get(path);

            assertThat(response.status()).as(path + " " + response).isEqualTo(200);
            assertThat(response.json().path("status").asInt()).isEqualTo(200);
            assertThat(response.json().path("value").path("agent").asText()).isNotBlank();
        }
    }

    @Test
    void aSessionsPostNeedsTheXsrfHeaderEqualToTheCookie() {
        Browser browser = browser();
        Response login = browser.formLogin(ADMIN_EMAIL, ADMIN_KEY);
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(browser.cookie("JSESSIONID")).isNotBlank();
        browser.get("/actuator/hawtio/", "Accept", "text/html");
        String token = browser.xsrfToken();
        assertThat(token).isNotBlank();

        for (String path : new String[] {"/actuator/jolokia", "/actuator/hawtio/jolokia"}) {
            Response without = browser.postJson(path, VERSION);
            assertThat(without.status()).as(path + " " + without).isEqualTo(403);
            assertNotJolokia(path, without);

            Response wrong = browser.postJson(path, VERSION, "X-XSRF-TOKEN", token + "x");
            assertThat(wrong.status()).as(path + " " + wrong).isEqualTo(403);
            assertNotJolokia(path, wrong);

            Response with = browser.postJson(path, VERSION, "X-XSRF-TOKEN", browser.xsrfToken());
            assertThat(with.status()).as(path + " " + with).isEqualTo(200);
            assertThat(with.json().path("status").asInt()).isEqualTo(200);
            assertThat(with.json().path("value").path("agent").asText()).isNotBlank();
        }
        // GETs are not guarded by the token
        assertThat(browser.get("/actuator/jolokia/version").status()).isEqualTo(200);
    }

    /** What happens to a script with HTTP Basic and no session: POSTs need the token as well. */
    @Test
    void anHttpBasicPostAlsoNeedsTheXsrfTokenOfTheConsoleChain() {
        Browser script = browser().basic(ADMIN_EMAIL, ADMIN_KEY);

        Response without = script.postJson("/actuator/jolokia", VERSION);
        assertThat(without.status()).as(without.toString()).isEqualTo(403);
        assertNotJolokia("/actuator/jolokia", without);

        // the token comes as a cookie with any console answer; Basic itself opens no session
        Response get = script.get("/actuator/jolokia/version");
        assertThat(get.status()).isEqualTo(200);
        assertThat(script.cookie("JSESSIONID")).isNull();
        assertThat(script.xsrfToken()).isNotBlank();
        Response with = script.postJson("/actuator/jolokia", VERSION, "X-XSRF-TOKEN", script.xsrfToken());
        assertThat(with.status()).as(with.toString()).isEqualTo(200);
        assertThat(with.json().path("value").path("agent").asText()).isNotBlank();
    }

    private static void assertNotJolokia(String path, Response response) {
        assertThat(response.status()).as(path).isNotEqualTo(200);
        assertThat(response.body()).as(path).doesNotContain("\"agent\"").doesNotContain("\"value\"");
    }
}
