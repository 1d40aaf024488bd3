package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.TestApp;

/**
 * A routes directory replaces the stock routes and is watched: an added or edited route runs
 * within seconds, and a broken edit leaves the running route alone.
 */
class RoutesDirectoryTest {

    @Test
    void routesFromTheDirectoryRunAndReloadWhenEdited() throws Exception {
        Path routes = Files.createTempDirectory("switchboard-routes-");
        try (Stream<Path> stock = Files.list(Path.of("routes"))) {
            for (Path file : stock.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("switchboard.data-dir", AppTest.newDataDir().toString());
        properties.put("switchboard.routes-dir", routes.toString());
        try (TestApp app = TestApp.start(properties)) {
            CamelContext camel = app.bean(CamelContext.class);
            ProducerTemplate producer = camel.createProducerTemplate();
            assertThat(camel.getRoute("custom-channel-delivery").getSourceLocation()).contains(routes.toString());

            write(routes.resolve("greeting.camel.yaml"), "hello");
            await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("greeting") != null);
            assertThat(producer.requestBody("direct:greeting", "", String.class)).isEqualTo("hello");

            write(routes.resolve("greeting.camel.yaml"), "hello again");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> "hello again".equals(producer.requestBody("direct:greeting", "", String.class)));

            Files.writeString(routes.resolve("greeting.camel.yaml"), "- route:\n    id: greeting\n    from: [broken\n");
            // the broken edit is refused; give the watcher time to have seen it, then the old route still answers
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> "hello again".equals(producer.requestBody("direct:greeting", "", String.class)));
        }
    }

    private static void write(Path file, String answer) throws IOException {
        Files.writeString(file, """
                - route:
                    id: greeting
                    from:
                      uri: direct:greeting
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(answer));
    }
}
