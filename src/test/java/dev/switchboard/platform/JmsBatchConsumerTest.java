package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import dev.switchboard.support.SwitchboardTest;

/**
 * {@code jmsbatch:} on the embedded broker: a backlog comes in batches, in order; a batch whose
 * exchange fails is rolled back and its messages come again one by one, so the others go through
 * and only the failing one keeps failing.
 */
class JmsBatchConsumerTest extends SwitchboardTest {

    @Autowired
    CamelContext camel;

    @Autowired
    JmsTemplate jms;

    @Test
    void aFailedBatchComesAgainOneByOneSoOnlyItsBadMessageKeepsFailing() throws Exception {
        String queue = "test.jmsbatch." + System.nanoTime();
        List<String> texts = IntStream.range(0, 20).mapToObj(n -> n == 7 ? "poison" : "m" + n).toList();
        texts.forEach(text -> jms.convertAndSend(queue, text));
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        String route = "jmsbatch-test-" + System.nanoTime();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jmsbatch:queue:" + queue + "?consumers=1&maxMessages=50").routeId(route).process(exchange -> {
                    JmsBatch batch = exchange.getMessage().getBody(JmsBatch.class);
                    List<String> bodies = batch.messages().stream().map(JmsBatch.Message::body).toList();
                    batchSizes.add(bodies.contains("poison") ? -batch.size() : batch.size());
                    if (bodies.contains("poison")) {
                        throw new IllegalStateException("cannot handle the poison");
                    }
                    handled.addAll(bodies);
                });
            }
        });
        try {
            List<String> good = texts.stream().filter(t -> !t.equals("poison")).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= good.size());

            assertThat(handled).as("each once, in order").containsExactlyElementsOf(good);
            // sizes as taken, negative for a batch with the poison in it
            int firstFailure = batchSizes.indexOf(batchSizes.stream().filter(n -> n < 0).findFirst().orElseThrow());
            assertThat(-batchSizes.get(firstFailure)).as("the backlog taken in batches: %s", batchSizes)
                    .isGreaterThan(1);
            assertThat(batchSizes.subList(firstFailure + 1, batchSizes.size())).as("then one by one: %s", batchSizes)
                    .allMatch(n -> n == 1 || n == -1);
        } finally {
            camel.getRouteController().stopRoute(route);
            camel.removeRoute(route);
        }
    }

    @Test
    void aQueueNameIsRequiredAndNothingIsSentThroughIt() {
        assertThat(catchThrowable(() -> camel.getEndpoint("jmsbatch:queue:")))
                .hasRootCauseMessage("jmsbatch: needs a queue name, e.g. jmsbatch:queue:sb.inbound");
        assertThat(catchThrowable(() -> camel.createProducerTemplate().sendBody("jmsbatch:queue:test.nowhere", "x")))
                .rootCause().hasMessageStartingWith("Cannot produce to a jmsbatch endpoint");
    }
}
