package dev.switchboard.rules;

import static dev.switchboard.rules.RuleFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.rules.RuleFixtures.TestChannel;
import dev.switchboard.support.SwitchboardTest;

/** Rules never cost a customer's message, and concurrent chats share the available staff. */
class RuleRobustnessTest extends SwitchboardTest {

    private RuleFixtures fx;

    private RuleFixtures fx() {
        if (fx == null) {
            fx = new RuleFixtures(admin());
        }
        return fx;
    }

    @AfterEach
    void deleteRules() {
        if (fx != null) {
            fx.cleanup();
        }
    }

    @Test
    void aRuleWhoseActionFailsIsUndoneAndTheCustomersCaseIsKept() {
        TestChannel ch = fx().channel("sync");
        // valid when saved; when it runs, the customer's email lands in the host, which no URL allows
        long broken = fx().rule("new_case", ch, List.of(), List.of(
                map("type", "set_priority", "priority", "high"),
                map("type", "http_request", "method", "POST", "url", "http://[user_email]/hook", "body", "{}")));
        long fine = fx().rule("new_case", ch, List.of(), List.of(map("type", "add_note", "content", "still here")));

        JsonNode deskCase = fx().newCase(ch, "Hello", "user_email", "ann@example.com");

        assertThat(deskCase.get("priority").asText()).isEqualTo("normal");
        JsonNode firings = admin().get("/api/cases/" + deskCase.get("case_id").asLong() + "/rule_firings.json").json();
        assertThat(firings.get("total_count").asInt()).isEqualTo(2);
        assertThat(firings.get("0").get("firing").get("rule_id").asLong()).isEqualTo(broken);
        assertThat(firings.get("0").get("firing").get("actions").get(0).asText()).startsWith("failed, nothing done");
        assertThat(firings.get("1").get("firing").get("rule_id").asLong()).isEqualTo(fine);
    }

    @Test
    void chatsArrivingTogetherAreSharedBetweenTheAvailableStaff() throws Exception {
        TestChannel ch = fx().channel("sync");
        long group = fx().group();
        List<Long> people = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long id = fx().staff("group_ids", List.of(group)).get("staff_id").asLong();
            fx().staffStatus(id, "online");
            people.add(id);
        }
        fx().rule("new_case", ch, List.of(), List.of(map("type", "assign_available", "group_id", group)));

        ExecutorService customers = Executors.newFixedThreadPool(4);
        List<Future<JsonNode>> cases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            cases.add(customers.submit(() -> fx().newCase(ch, "at once")));
        }
        List<Long> assignees = new ArrayList<>();
        for (Future<JsonNode> c : cases) {
            assignees.add(c.get().get("staff_id").asLong());
        }
        customers.shutdown();

        // the group's staff are locked while one is chosen: each arrival sees the others' assignments
        assertThat(assignees).containsOnlyElementsOf(people);
        assertThat(assignees.stream().filter(people.get(0)::equals).count()).isEqualTo(2);
        assertThat(assignees.stream().filter(people.get(1)::equals).count()).isEqualTo(2);
    }

}
