package dev.switchboard.rules;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.switchboard.desk.cases.CaseEvent;
import dev.switchboard.desk.cases.Change;
import dev.switchboard.desk.cases.DeskCase;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.user.DeskUser;
import dev.switchboard.desk.user.Identity;

/** Builds the rule engine's working copy of a case for unit tests, without Spring. */
final class RuleContexts {

    static final OffsetDateTime NOW = OffsetDateTime.parse("2024-05-05T10:15:30Z");

    long caseId = 42;
    String subject = "Where is my order?";
    String status = "open";
    String priority = "normal";
    Long groupId = 9L;
    Long staffId = 11L;
    List<Long> labels = List.of(1L, 2L);
    String channelCode = "cch5";
    String channelType = "sync";
    String fullName = "Anna Karenina";
    String companyName = "Acme Ltd";
    List<Identity> identities = new ArrayList<>(List.of(Identity.email("anna@example.com"),
            Identity.phone("+15551234567"), Identity.custom("cch5", "visitor-7")));
    Set<Change> changes = Set.of(Change.CUSTOMER_MESSAGE);
    List<Long> labelsAdded = List.of();
    List<Long> labelsRemoved = List.of();
    String messageText = "Hello there";

    RuleContext build() {
        DeskCase deskCase = new DeskCase(caseId, 7, 3, channelCode, subject, status, priority, groupId, staffId,
                labels, "active", NOW, NOW, null, null);
        DeskUser user = new DeskUser(7, 7, "user", fullName, companyName, null, identities, List.of(), NOW, NOW);
        Channel channel = new Channel(3, channelCode, Channel.CUSTOM, "Test channel", channelType,
                "http://127.0.0.1/hook", "json", "secret", null, null, null, true, NOW, NOW);
        CaseEvent event = new CaseEvent(caseId, changes, labelsAdded, labelsRemoved, null);
        return new RuleContext(event, deskCase, user, channel, messageText);
    }
}
