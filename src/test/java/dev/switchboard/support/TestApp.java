package dev.switchboard.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.switchboard.SwitchboardApplication;

/**
 * Starts and stops whole Switchboard instances on given data, for tests of what survives a
 * restart and of several nodes on shared PostgreSQL and broker.
 */
public final class TestApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private TestApp(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static TestApp start(Map<String, String> properties, String... profiles) {
        Map<String, String> all = new LinkedHashMap<>(AppTest.TEST_PROPERTIES);
        all.put("server.port", "0");
        all.put(AppTest.SCHEDULER_NAME, AppTest.newSchedulerName());
        all.putAll(properties);
        List<String> args = new ArrayList<>();
        all.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SwitchboardApplication.class)
                .profiles(profiles).run(args.toArray(String[]::new));
        return new TestApp(context);
    }

    public static Map<String, String> onData(Path dataDir) {
        return Map.of("switchboard.data-dir", dataDir.toString());
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public DeskClient admin() {
        return new DeskClient("http://127.0.0.1:" + port(), AppTest.ADMIN_EMAIL, AppTest.ADMIN_KEY);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
