package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import dev.switchboard.channel.custom.CustomChannelDelivery;
import dev.switchboard.support.SwitchboardTest;

/** Something on a delivery queue that is not a Switchboard delivery is dead-lettered at once, not retried. */
class ForeignMessageTest extends SwitchboardTest {

    @Autowired
    JmsTemplate jms;

    @Test
    void aMessageWithoutDeliveryHeadersGoesToTheDeadLetterQueue() {
        String marker = "foreign-" + System.nanoTime();
        jms.convertAndSend(CustomChannelDelivery.QUEUE, "{\"note\":\"" + marker + "\"}");

        JsonNode dead = await().atMost(Duration.ofSeconds(20)).until(() -> StreamSupport
                .stream(admin().get("/api/deliveries/dead.json").json().spliterator(), false)
                .filter(JsonNode::isObject).map(item -> item.get("delivery"))
                .filter(d -> d.get("payload").toString().contains(marker)).findFirst().orElse(null),
                java.util.Objects::nonNull);
        assertThat(dead.get("reason").asText()).contains("not a Switchboard delivery");
    }
}
