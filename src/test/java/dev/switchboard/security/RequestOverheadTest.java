package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.config.annotation.web.RequestMatcherFactory;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import dev.switchboard.support.SwitchboardTest;

/** Work every request would do for nobody. */
class RequestOverheadTest extends SwitchboardTest {

    @Autowired
    private ConfigurableApplicationContext context;

    @Test
    void theChainsMatchPathsWithoutAskingSpringMvc() {
        assertThat(RequestMatcherFactory.usesPathPatterns()).isTrue();
        List<SecurityFilterChain> chains = List.copyOf(context.getBeansOfType(SecurityFilterChain.class).values());
        assertThat(chains).hasSizeGreaterThanOrEqualTo(4).allSatisfy(chain ->
                assertThat(((DefaultSecurityFilterChain) chain).getRequestMatcher().toString()).doesNotContain("Mvc"));
    }

    @Test
    void noEventIsPublishedPerRequest() {
        List<ServletRequestHandledEvent> published = new CopyOnWriteArrayList<>();
        ApplicationListener<ServletRequestHandledEvent> listener = published::add;
        context.addApplicationListener(listener);
        try {
            assertThat(admin().get("/api/groups.json").status()).isEqualTo(200);
            // the event would come after the answer is written, so look for it a while
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(published::isEmpty);
        } finally {
            context.removeApplicationListener(listener);
        }
    }
}
