package dev.switchboard.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running Switchboard with the stock routes, short retry waits and HTTP timeouts. Test classes with the same
 * base share one running application, so each test makes its own channels and cases.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.routes-dir=",
        "switchboard.admin.email=" + AppTest.ADMIN_EMAIL,
        "switchboard.admin.api-key=" + AppTest.ADMIN_KEY,
        "switchboard.delivery.first-retry=100ms",
        "switchboard.delivery.max-retry-interval=800ms",
        "switchboard.delivery.retry-poll-interval=100ms",
        "switchboard.delivery.budget=5s",
        "camel.component.http.response-timeout=2000",
        "camel.component.http.so-timeout=2000",
        "spring.quartz.properties.org.quartz.scheduler.jmx.export=false",
        "camel.main.jmx-enabled=false",
        "switchboard.files.fetch-private-networks=true",
        "spring.jmx.unique-names=true"})
public abstract class AppTest {

    public static final String ADMIN_EMAIL = "admin@test.local";
    public static final String ADMIN_KEY = "test-admin-key-0123456789";

    /** The same settings for applications started by {@link TestApp}. */
    public static final Map<String, String> TEST_PROPERTIES = Map.ofEntries(
            Map.entry("switchboard.routes-dir", ""),
            Map.entry("switchboard.admin.email", ADMIN_EMAIL),
            Map.entry("switchboard.admin.api-key", ADMIN_KEY),
            Map.entry("switchboard.delivery.first-retry", "100ms"),
            Map.entry("switchboard.delivery.max-retry-interval", "800ms"),
            Map.entry("switchboard.delivery.retry-poll-interval", "100ms"),
            Map.entry("switchboard.delivery.budget", "5s"),
            Map.entry("camel.component.http.response-timeout", "2000"),
            Map.entry("camel.component.http.so-timeout", "2000"),
            // one JVM runs several applications: their schedulers would share one MBean name, and
            // Camel would give each a different management name, which camel-quartz keys its jobs
            // by — a job stored by one application (or an earlier start) would find no context
            Map.entry("spring.quartz.properties.org.quartz.scheduler.jmx.export", "false"),
            Map.entry("camel.main.jmx-enabled", "false"),
            // the test servers that play channels and bots listen on 127.0.0.1
            Map.entry("switchboard.files.fetch-private-networks", "true"),
            Map.entry("spring.jmx.unique-names", "true"));

    /** Quartz property naming the scheduler; nodes meant to form a cluster must share it. */
    public static final String SCHEDULER_NAME = "spring.quartz.properties.org.quartz.scheduler.instanceName";
    private static final AtomicInteger SCHEDULERS = new AtomicInteger();

    @LocalServerPort
    protected int port;

    /**
     * One JVM runs several applications here; Quartz keys its database connections by scheduler
     * name JVM-wide, so each installation gets a scheduler name of its own.
     */
    @DynamicPropertySource
    static void schedulerName(DynamicPropertyRegistry registry) {
        registry.add(SCHEDULER_NAME, AppTest::newSchedulerName);
    }

    public static String newSchedulerName() {
        return "switchboard-test-" + SCHEDULERS.incrementAndGet();
    }

    public static Path newDataDir() {
        try {
            return Files.createTempDirectory("switchboard-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected DeskClient admin() {
        return new DeskClient("http://127.0.0.1:" + port, ADMIN_EMAIL, ADMIN_KEY);
    }
}
