package dev.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.Browser;
import dev.switchboard.support.Browser.Response;
import dev.switchboard.support.TestApp;

/**
 * What an administrator sees through Jolokia (as the Hawtio console does: session plus
 * X-XSRF-TOKEN): the Camel routes with their diagrams and the Artemis queues.
 * <p>
 * Its own application: brokers in one JVM share their MBean names, so another test's
 * application stopping would take the queues of a longer-lived one out of the JMX tree.
 */
class ConsoleJmxTreeTest {

    private static TestApp app;
    private static Browser console;

    @BeforeAll
    static void start() {
        app = TestApp.start(Map.of("switchboard.data-dir", AppTest.newDataDir().toString(),
                "camel.main.jmx-enabled", "true",
                "server.address", "127.0.0.1"));
        console = Browser.at(app.port());
        Response login = console.formLogin(AppTest.ADMIN_EMAIL, AppTest.ADMIN_KEY);
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(login.header("Location")).doesNotContain("error");
        // as the browser follows the redirect to the console: that answer carries the XSRF-TOKEN cookie
        assertThat(console.get("/actuator/hawtio/", "Accept", "text/html").status()).isEqualTo(200);
        assertThat(console.xsrfToken()).isNotBlank();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theCamelRoutesAreVisible() {
        String context = app.bean(CamelContext.class).getManagementName();

        List<String> routes = search("org.apache.camel:context=" + context + ",type=routes,*");

        assertThat(routes)
                .contains("org.apache.camel:context=" + context + ",type=routes,name=\"custom-channel-delivery\"")
                .contains("org.apache.camel:context=" + context + ",type=routes,name=\"custom-channel-webhook\"");
        // the unscoped search of the console finds them as well
        assertThat(search("org.apache.camel:type=routes,*")).containsAll(routes);
    }

    @Test
    void aRouteIsReadableAndDumpsItsDiagramAsXml() {
        String mbean = "org.apache.camel:context=" + app.bean(CamelContext.class).getManagementName()
                + ",type=routes,name=\"custom-channel-delivery\"";
        ObjectNode read = request("read", mbean);
        read.put("attribute", "State");
        assertThat(jolokia(read).path("value").asText()).isEqualTo("Started");

        ObjectNode exec = request("exec", mbean);
        exec.put("operation", "dumpRouteAsXml()");
        String xml = jolokia(exec).path("value").asText();

        assertThat(xml).startsWith("<route").contains("id=\"custom-channel-delivery\"")
                .contains("jms:queue:sb.outbound.custom-channel").contains("direct:custom-channel-webhook");
    }

    @Test
    void theArtemisQueuesAreInTheJmxTree() {
        List<String> artemis = search("org.apache.activemq.artemis:*");

        for (String queue : new String[] {"sb.outbound.custom-channel", "sb.dead"}) {
            String mbean = artemis.stream()
                    .filter(name -> name.contains("subcomponent=queues") && name.contains("queue=\"" + queue + "\""))
                    .findFirst().orElse(null);
            assertThat(mbean).as(queue + " in " + artemis).isNotNull();
            // a live queue, not a stale name: its depth reads as a number
            ObjectNode read = request("read", mbean);
            read.put("attribute", "MessageCount");
            JsonNode count = jolokia(read).path("value");
            assertThat(count.isNumber()).as(queue + " MessageCount " + count).isTrue();
        }
    }

    private static ObjectNode request(String type, String mbean) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("type", type);
        request.put("mbean", mbean);
        return request;
    }

    private static List<String> search(String pattern) {
        List<String> names = new ArrayList<>();
        jolokia(request("search", pattern)).path("value").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** A Jolokia POST as Hawtio sends it; asserts both HTTP and Jolokia status 200. */
    private static JsonNode jolokia(ObjectNode request) {
        Response response = console.postJson("/actuator/jolokia", request.toString(),
                "X-XSRF-TOKEN", console.xsrfToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("status").asInt()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
