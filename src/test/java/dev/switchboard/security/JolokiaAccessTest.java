package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.switchboard.support.Browser;
import dev.switchboard.support.Browser.Response;
import dev.switchboard.support.LoopbackSwitchboardTest;

/**
 * Jolokia can invoke any MBean (over GET too): never without an administrator's login, and never
 * without the X-XSRF-TOKEN header that Hawtio copies from the XSRF-TOKEN cookie, whatever the
 * method — so a link or form on another site cannot make a logged-in browser run an operation.
 */
class JolokiaAccessTest extends LoopbackSwitchboardTest {

    private static final String VERSION = "{\"type\":\"version\"}";
    /** Jolokia itself, and the path the Hawtio console forwards to it. */
    private static final String[] JOLOKIA = {"/actuator/jolokia", "/actuator/jolokia/version",
            "/actuator/hawtio/jolokia", "/actuator/hawtio/jolokia/version"};

    @Test
    void anonymousGetsAreNeverAnswered() {
        for (String path : JOLOKIA) {
            // no token: refused before authentication is looked at
            Response script = browser().get(path, "Accept", "application/json");
            assertThat(script.status()).as(path + " " + script).isEqualTo(403);
            assertNotJolokia(path, script);

            // with a valid (anonymous) token it comes down to authentication
            Browser browser = browser();
            browser.get("/login");
            Response withToken = browser.get(path, "Accept", "application/json", "X-XSRF-TOKEN", browser.xsrfToken());
            assertThat(withToken.status()).as(path + " " + withToken).isEqualTo(401);
            assertNotJolokia(path, withToken);

            Response page = browser.get(path, "Accept", "text/html", "X-XSRF-TOKEN", browser.xsrfToken());
            assertThat(page.status()).as(path + " " + page).isEqualTo(302);
            assertThat(page.header("Location")).endsWith("/login");
            assertNotJolokia(path, page);
        }
    }

    /** The attack: a link on another site to a Jolokia operation, opened by a logged-in administrator. */
    @Test
    void aLoggedInAdministratorsBrowserCannotBeMadeToRunAnOperationByALink() {
        Browser browser = browser();
        assertThat(browser.formLogin(ADMIN_EMAIL, ADMIN_KEY).status()).isEqualTo(302);
        String operation = "/actuator/jolokia/exec/java.lang:type=Memory/gc()";
        Response link = browser.get(operation, "Accept", "text/html");
        assertThat(link.status()).as(link.toString()).isEqualTo(403);
        assertNotJolokia(operation, link);
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
            browser.get("/login");
            Response get = browser.get(path, "X-XSRF-TOKEN", browser.xsrfToken());
            assertThat(get.status()).as(path + " " + get).isEqualTo(403);
            assertNotJolokia(path, get);

            Response post = browser.postJson(path, VERSION, "X-XSRF-TOKEN", browser.xsrfToken());
            assertThat(post.status()).as(path + " " + post).isEqualTo(403);
            assertNotJolokia(path, post);
        }
    }

    @Test
    void anAdministratorWithHttpBasicReadsJolokiaWithTheToken() {
        for (String path : new String[] {"/actuator/jolokia/version", "/actuator/hawtio/jolokia/version"}) {
            Browser script = browser().basic(ADMIN_EMAIL, ADMIN_KEY);
            Response without = script.get(path);
            assertThat(without.status()).as(path + " " + without).isEqualTo(403);
            assertNotJolokia(path, without);

            // the refusal (like any console answer) carried the token as a cookie
            Response response = script.get(path, "X-XSRF-TOKEN", script.xsrfToken());
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
        // Jolokia GETs are guarded by the token too; the console's pages are not
        assertThat(browser.get("/actuator/jolokia/version").status()).isEqualTo(403);
        assertThat(browser.get("/actuator/jolokia/version", "X-XSRF-TOKEN", browser.xsrfToken()).status())
                .isEqualTo(200);
        assertThat(browser.get("/actuator/hawtio/", "Accept", "text/html").status()).isEqualTo(200);
    }

    /** What happens to a script with HTTP Basic and no session: POSTs need the token as well. */
    @Test
    void anHttpBasicPostAlsoNeedsTheXsrfTokenOfTheConsoleChain() {
        Browser script = browser().basic(ADMIN_EMAIL, ADMIN_KEY);

        Response without = script.postJson("/actuator/jolokia", VERSION);
        assertThat(without.status()).as(without.toString()).isEqualTo(403);
        assertNotJolokia("/actuator/jolokia", without);

        // the token comes as a cookie with any console answer; Basic itself opens no session
        Response get = script.get("/actuator/hawtio/", "Accept", "text/html");
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
