package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.DATE;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.channelCode;
import static dev.switchboard.desk.api.ApiFixtures.customCase;
import static dev.switchboard.desk.api.ApiFixtures.email;
import static dev.switchboard.desk.api.ApiFixtures.emailCase;
import static dev.switchboard.desk.api.ApiFixtures.getCase;
import static dev.switchboard.desk.api.ApiFixtures.getUser;
import static dev.switchboard.desk.api.ApiFixtures.ids;
import static dev.switchboard.desk.api.ApiFixtures.items;
import static dev.switchboard.desk.api.ApiFixtures.list;
import static dev.switchboard.desk.api.ApiFixtures.longs;
import static dev.switchboard.desk.api.ApiFixtures.newCase;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.total;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.SwitchboardTest;

/** Cases: create (every way of naming the user), read, change, list with filters and paging. */
class CasesApiTest extends SwitchboardTest {

    private static final List<String> CASE_FIELDS = List.of("case_id", "case_number", "subject", "user_id",
            "staff_id", "group_id", "status", "priority", "channel", "recipient", "cc_emails", "bcc_emails",
            "deleted", "spam", "created_at", "updated_at", "closed_at", "last_response_at", "parent_case_id",
            "closing_speed", "language_id", "custom_fields", "labels", "locked_labels");

    private DeskClient api() {
        return admin();
    }

    @Test
    void createWithEmailAnswers201WithEveryOmnideskFieldAndNoNulls() {
        String email = email();
        Answer answer = api().post("/api/cases.json", obj("case", obj(
                "user_email", email.toUpperCase(Locale.ROOT), "user_full_name", "Anna Petrova",
                "subject", "Where is my order?", "content", "It did not arrive.")));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode c = answer.json().get("case");
        for (String field : CASE_FIELDS) {
            assertThat(c.has(field)).as("field " + field + " in " + c).isTrue();
            assertThat(c.get(field).isNull()).as("field " + field + " is null in " + c).isFalse();
        }
        long caseId = c.get("case_id").asLong();
        assertThat(caseId).isPositive();
        assertThat(c.get("case_number").asText()).matches("\\d{3}-\\d{6}");
        assertThat(Long.parseLong(c.get("case_number").asText().replace("-", "")) - 100_000_000L).isEqualTo(caseId);
        assertThat(c.get("subject").asText()).isEqualTo("Where is my order?");
        assertThat(c.get("user_id").asLong()).isPositive();
        assertThat(c.get("staff_id").isIntegralNumber()).isTrue();
        assertThat(c.get("staff_id").asLong()).isZero();
        assertThat(c.get("group_id").asLong()).isZero();
        assertThat(c.get("parent_case_id").asLong()).isZero();
        assertThat(c.get("language_id").asLong()).isZero();
        assertThat(c.get("status").asText()).isEqualTo("open");
        assertThat(c.get("priority").asText()).isEqualTo("normal");
        assertThat(c.get("channel").asText()).isEqualTo("api");
        assertThat(c.get("recipient").asText()).isEmpty();
        assertThat(c.get("cc_emails").asText()).isEmpty();
        assertThat(c.get("bcc_emails").asText()).isEmpty();
        assertThat(c.get("deleted").asBoolean(true)).isFalse();
        assertThat(c.get("spam").asBoolean(true)).isFalse();
        assertThat(c.get("created_at").asText()).matches(DATE);
        assertThat(c.get("updated_at").asText()).matches(DATE);
        assertThat(c.get("closed_at").asText()).isEqualTo("-");
        assertThat(c.get("last_response_at").asText()).isEqualTo("-");
        assertThat(c.get("custom_fields").isObject()).isTrue();
        assertThat(c.get("custom_fields").size()).isZero();
        assertThat(c.get("labels").isArray()).isTrue();
        assertThat(c.get("labels").size()).isZero();
        assertThat(c.get("locked_labels").isArray()).isTrue();

        JsonNode user = getUser(api(), c.get("user_id").asLong());
        assertThat(user.get("user_email").asText()).isEqualTo(email);
        assertThat(user.get("user_full_name").asText()).isEqualTo("Anna Petrova");
        assertThat(user.get("type").asText()).isEqualTo("email");
    }

    @Test
    void theSameEmailInAnyCaseFindsTheSameUser() {
        String email = email();
        long first = emailCase(api(), email).get("user_id").asLong();
        long second = emailCase(api(), "  " + email.toUpperCase(Locale.ROOT) + " ").get("user_id").asLong();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void createWithPhoneNormalisesItAndFindsTheSameUserAgain() {
        String digits = ApiFixtures.phone().substring(2);
        String written = "+7 (" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
        JsonNode first = newCase(api(), obj("user_phone", written, "content", "call me"));
        JsonNode second = newCase(api(), obj("user_phone", "+7" + digits, "content", "again"));

        assertThat(second.get("user_id").asLong()).isEqualTo(first.get("user_id").asLong());
        JsonNode user = getUser(api(), first.get("user_id").asLong());
        assertThat(user.get("user_phone").asText()).isEqualTo("+7" + digits);
        assertThat(user.get("type").asText()).isEqualTo("phone");
        assertThat(first.get("subject").asText()).as("subject from the content").isEqualTo("call me");
    }

    @Test
    void createWithCustomIdAndChannelIsACaseOfThatChannel() {
        String channel = channelCode(api());
        String customId = "app-" + uid();
        JsonNode c = newCase(api(), obj("user_custom_id", customId, "channel", channel, "user_full_name", "Ivan",
                "content", "from the app"));

        assertThat(c.get("channel").asText()).isEqualTo(channel);
        JsonNode user = getUser(api(), c.get("user_id").asLong());
        assertThat(user.get("user_custom_id").asText()).isEqualTo(customId);
        assertThat(user.get("user_custom_channel").asText()).isEqualTo(channel);
        assertThat(user.get("user_full_name").asText()).isEqualTo("Ivan");
        assertThat(user.get("user_email").asText()).isEmpty();
    }

    @Test
    void createWithUserIdUsesThatUser() {
        long userId = emailCase(api(), email()).get("user_id").asLong();
        JsonNode c = newCase(api(), obj("user_id", userId, "subject", "second", "content", "more"));
        assertThat(c.get("user_id").asLong()).isEqualTo(userId);
        assertThat(c.get("channel").asText()).isEqualTo("api");
    }

    @Test
    void aLongContentWithoutSubjectGivesAShortenedSubject() {
        String content = "word ".repeat(60);
        JsonNode c = newCase(api(), obj("user_email", email(), "content", content));
        assertThat(c.get("subject").asText()).hasSize(100).startsWith("word word").endsWith("…");
    }

    @Test
    void createTakesStatusPriorityStaffGroupAndLabels() {
        var staff = ApiFixtures.staff(api(), false);
        long group = ApiFixtures.group(api());
        long l1 = ApiFixtures.label(api());
        long l2 = ApiFixtures.label(api());
        JsonNode c = newCase(api(), obj("user_email", email(), "content", "x", "status", "waiting",
                "priority", "critical", "staff_id", staff.id(), "group_id", group, "labels", List.of(l2, l1, l2)));

        assertThat(c.get("status").asText()).isEqualTo("waiting");
        assertThat(c.get("priority").asText()).isEqualTo("critical");
        assertThat(c.get("staff_id").asLong()).isEqualTo(staff.id());
        assertThat(c.get("group_id").asLong()).isEqualTo(group);
        assertThat(longs(c.get("labels"))).containsExactlyInAnyOrder(l1, l2);
    }

    @Test
    void getByCaseIdAndByCaseNumberAnswerTheSameCase() {
        JsonNode created = emailCase(api(), email());
        long caseId = created.get("case_id").asLong();
        String number = created.get("case_number").asText();

        JsonNode byId = getCase(api(), caseId);
        Answer byNumber = api().get("/api/cases/" + number + ".json");

        assertThat(byNumber.status()).isEqualTo(200);
        assertThat(byNumber.json().get("case")).isEqualTo(byId);
        assertThat(byId.get("subject").asText()).isEqualTo(created.get("subject").asText());
        assertError(api().get("/api/cases/999999999.json"), 404, "case_not_found");
        assertError(api().get("/api/cases/999-999999.json"), 404, "case_not_found");
        assertError(api().get("/api/cases/not-a-case.json"), 404, "case_not_found");
    }

    @Test
    void tolerantPathsWithoutJsonOrWithATrailingSlash() {
        JsonNode created = emailCase(api(), email());
        long caseId = created.get("case_id").asLong();
        long userId = created.get("user_id").asLong();

        Answer noSuffix = api().get("/api/cases/" + caseId);
        assertThat(noSuffix.status()).as(noSuffix.body()).isEqualTo(200);
        assertThat(noSuffix.json().get("case").get("case_id").asLong()).isEqualTo(caseId);

        Answer slash = api().get("/api/cases/" + caseId + ".json/");
        assertThat(slash.status()).as(slash.body()).isEqualTo(200);
        assertThat(slash.json().get("case").get("case_id").asLong()).isEqualTo(caseId);

        Answer listWithSlash = api().get("/api/cases.json/?user_id=" + userId);
        assertThat(listWithSlash.status()).as(listWithSlash.body()).isEqualTo(200);
        assertThat(ids(items(listWithSlash.json(), "case"), "case_id")).containsExactly(caseId);

        Answer post = api().post("/api/cases.json/", obj("case", obj("user_id", userId, "content", "via slash")));
        assertThat(post.status()).as(post.body()).isEqualTo(201);
        assertThat(post.json().get("case").get("user_id").asLong()).isEqualTo(userId);

        Answer messages = api().post("/api/cases/" + caseId + "/messages.json/",
                obj("message", obj("content", "reply via slash")));
        assertThat(messages.status()).as(messages.body()).isEqualTo(201);
        Answer messagesNoSuffix = api().get("/api/cases/" + caseId + "/messages");
        assertThat(messagesNoSuffix.status()).as(messagesNoSuffix.body()).isEqualTo(200);
        assertThat(messagesNoSuffix.json().get("total_count").asLong()).isEqualTo(2);
    }

    @Test
    void putChangesStatusPriorityAssigneeGroupSubjectAndLabels() {
        var staff = ApiFixtures.staff(api(), false);
        long group = ApiFixtures.group(api());
        long l1 = ApiFixtures.label(api());
        long l2 = ApiFixtures.label(api());
        long caseId = emailCase(api(), email()).get("case_id").asLong();

        Answer changed = api().put("/api/cases/" + caseId + ".json", obj("case", obj("status", "waiting",
                "priority", "high", "staff_id", staff.id(), "group_id", group, "subject", "  New subject  ",
                "add_labels", List.of(l1, l2))));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        JsonNode c = changed.json().get("case");
        assertThat(c.get("status").asText()).isEqualTo("waiting");
        assertThat(c.get("priority").asText()).isEqualTo("high");
        assertThat(c.get("staff_id").asLong()).isEqualTo(staff.id());
        assertThat(c.get("group_id").asLong()).isEqualTo(group);
        assertThat(c.get("subject").asText()).isEqualTo("New subject");
        assertThat(longs(c.get("labels"))).containsExactlyInAnyOrder(l1, l2);
        assertThat(getCase(api(), caseId)).isEqualTo(c);

        Answer unassigned = api().put("/api/cases/" + caseId + ".json", obj("case", obj("staff_id", 0,
                "group_id", 0, "delete_labels", List.of(l1))));
        assertThat(unassigned.status()).as(unassigned.body()).isEqualTo(200);
        JsonNode after = unassigned.json().get("case");
        assertThat(after.get("staff_id").asLong()).isZero();
        assertThat(after.get("group_id").asLong()).isZero();
        assertThat(longs(after.get("labels"))).containsExactly(l2);
        assertThat(after.get("status").asText()).as("untouched fields stay").isEqualTo("waiting");
        assertThat(after.get("subject").asText()).isEqualTo("New subject");
    }

    @Test
    void putByCaseNumberAndAnEmptyChangeKeepsEverything() {
        JsonNode created = emailCase(api(), email());
        Answer same = api().put("/api/cases/" + created.get("case_number").asText() + ".json", obj("case", obj()));
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        JsonNode c = same.json().get("case");
        assertThat(c.get("subject").asText()).isEqualTo(created.get("subject").asText());
        assertThat(c.get("status").asText()).isEqualTo("open");
        assertThat(c.get("priority").asText()).isEqualTo("normal");
    }

    @Test
    void closingSetsClosedAtAndReopeningClearsIt() {
        long caseId = emailCase(api(), email()).get("case_id").asLong();

        JsonNode closed = api().put("/api/cases/" + caseId + ".json", obj("case", obj("status", "closed")))
                .json().get("case");
        assertThat(closed.get("status").asText()).isEqualTo("closed");
        assertThat(closed.get("closed_at").asText()).matches(DATE);
        assertThat(closed.get("closing_speed").isIntegralNumber()).as(closed.toString()).isTrue();
        assertThat(closed.get("closing_speed").asLong()).isBetween(0L, 5L);

        JsonNode closedAgain = api().put("/api/cases/" + caseId + ".json", obj("case", obj("priority", "low")))
                .json().get("case");
        assertThat(closedAgain.get("closed_at").asText()).as("stays while closed")
                .isEqualTo(closed.get("closed_at").asText());

        JsonNode reopened = api().put("/api/cases/" + caseId + ".json", obj("case", obj("status", "open")))
                .json().get("case");
        assertThat(reopened.get("closed_at").asText()).isEqualTo("-");
        assertThat(reopened.get("closing_speed").asText()).isEqualTo("-");
    }

    /** A case created already closed (imports send status "closed") must say when it was closed. */
    @Test
    void aCaseCreatedClosedHasClosedAt() {
        JsonNode c = newCase(api(), obj("user_email", email(), "content", "imported", "status", "closed"));
        assertThat(c.get("status").asText()).isEqualTo("closed");
        assertThat(c.get("closed_at").asText()).as("closed_at of a case created closed").matches(DATE);
    }

    @Test
    void listIsOmnideskShapedNewestFirstAndSortable() {
        String email = email();
        long a = emailCase(api(), email).get("case_id").asLong();
        long userId = getCase(api(), a).get("user_id").asLong();
        long b = emailCase(api(), email).get("case_id").asLong();
        long c = emailCase(api(), email).get("case_id").asLong();

        Answer answer = api().get("/api/cases.json?user_id=" + userId);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("total_count").isInt()).isTrue();
        assertThat(json.get("total_count").asInt()).isEqualTo(3);
        assertThat(json.fieldNames()).toIterable().containsExactly("0", "1", "2", "total_count");
        List<JsonNode> cases = items(json, "case");
        assertThat(ids(cases, "case_id")).containsExactly(c, b, a);
        assertThat(cases.get(0).has("case_number")).isTrue();

        assertThat(ids(list(api(), "/api/cases.json?sort=created_at_asc&user_id=" + userId, "case"), "case_id"))
                .containsExactly(a, b, c);
        assertThat(ids(list(api(), "/api/cases.json?sort=created_at_desc&user_id=" + userId, "case"), "case_id"))
                .containsExactly(c, b, a);
        api().put("/api/cases/" + a + ".json", obj("case", obj("priority", "high")));
        assertThat(ids(list(api(), "/api/cases.json?sort=updated_at_desc&user_id=" + userId, "case"), "case_id"))
                .first().isEqualTo(a);
        assertThat(ids(list(api(), "/api/cases.json?sort=updated_at_asc&user_id=" + userId, "case"), "case_id"))
                .last().isEqualTo(a);
        assertError(api().get("/api/cases.json?sort=sideways"), 400, "invalid_field");
    }

    @Test
    void statusFilterAcceptsArraysCommaListsAndSingleValues() {
        String email = email();
        long open = emailCase(api(), email).get("case_id").asLong();
        long userId = getCase(api(), open).get("user_id").asLong();
        long waiting = emailCase(api(), email).get("case_id").asLong();
        long closed = emailCase(api(), email).get("case_id").asLong();
        api().put("/api/cases/" + waiting + ".json", obj("case", obj("status", "waiting")));
        api().put("/api/cases/" + closed + ".json", obj("case", obj("status", "closed")));
        String user = "&user_id=" + userId;

        assertThat(ids(list(api(), "/api/cases.json?status[]=open&status[]=closed" + user, "case"), "case_id"))
                .containsExactlyInAnyOrder(open, closed);
        assertThat(ids(list(api(), "/api/cases.json?status%5B%5D=waiting" + user, "case"), "case_id"))
                .containsExactly(waiting);
        assertThat(ids(list(api(), "/api/cases.json?status=open,waiting" + user, "case"), "case_id"))
                .containsExactlyInAnyOrder(open, waiting);
        assertThat(ids(list(api(), "/api/cases.json?status=closed" + user, "case"), "case_id"))
                .containsExactly(closed);
        assertThat(total(api(), "/api/cases.json?status=closed" + user)).isEqualTo(1);
        assertError(api().get("/api/cases.json?status=pending" + user), 400, "invalid_field");
    }

    @Test
    void filtersByChannelEmailCustomIdStaffGroupAndLabels() {
        var staff = ApiFixtures.staff(api(), false);
        long group = ApiFixtures.group(api());
        long l1 = ApiFixtures.label(api());
        long l2 = ApiFixtures.label(api());
        String email = email();
        long first = emailCase(api(), email).get("case_id").asLong();
        long userId = getCase(api(), first).get("user_id").asLong();
        long second = emailCase(api(), email).get("case_id").asLong();
        long third = emailCase(api(), email).get("case_id").asLong();
        api().put("/api/cases/" + second + ".json", obj("case", obj("staff_id", staff.id(), "group_id", group,
                "add_labels", List.of(l1))));
        api().put("/api/cases/" + third + ".json", obj("case", obj("add_labels", List.of(l2))));
        String channel = channelCode(api());
        String customId = "filter-" + uid();
        long custom = customCase(api(), channel, customId).get("case_id").asLong();
        String user = "&user_id=" + userId;

        assertThat(ids(list(api(), "/api/cases.json?channel=" + channel, "case"), "case_id")).containsExactly(custom);
        assertThat(ids(list(api(), "/api/cases.json?channel[]=" + channel, "case"), "case_id")).containsExactly(custom);
        assertThat(ids(list(api(), "/api/cases.json?user_email=" + email, "case"), "case_id"))
                .containsExactly(third, second, first);
        assertThat(ids(list(api(), "/api/cases.json?user_email[]=" + email.toUpperCase(Locale.ROOT), "case"),
                "case_id")).containsExactly(third, second, first);
        assertThat(ids(list(api(), "/api/cases.json?user_custom_id=" + customId, "case"), "case_id"))
                .containsExactly(custom);
        assertThat(ids(list(api(), "/api/cases.json?staff_id=0" + user, "case"), "case_id"))
                .containsExactly(third, first);
        assertThat(ids(list(api(), "/api/cases.json?staff_id=" + staff.id(), "case"), "case_id"))
                .containsExactly(second);
        assertThat(ids(list(api(), "/api/cases.json?staff_id[]=0&staff_id[]=" + staff.id() + user, "case"),
                "case_id")).containsExactly(third, second, first);
        assertThat(ids(list(api(), "/api/cases.json?group_id=" + group, "case"), "case_id")).containsExactly(second);
        assertThat(ids(list(api(), "/api/cases.json?group_id=0" + user, "case"), "case_id"))
                .containsExactly(third, first);
        assertThat(ids(list(api(), "/api/cases.json?labels=" + l1, "case"), "case_id")).containsExactly(second);
        assertThat(ids(list(api(), "/api/cases.json?labels[]=" + l1 + "&labels[]=" + l2, "case"), "case_id"))
                .containsExactly(third, second);
        assertThat(ids(list(api(), "/api/cases.json?labels=" + l1 + "," + l2 + "&status=closed", "case"),
                "case_id")).isEmpty();
        assertThat(total(api(), "/api/cases.json?user_id[]=" + userId)).isEqualTo(3);
        assertError(api().get("/api/cases.json?user_id=abc"), 400, "invalid_field");
        assertError(api().get("/api/cases.json?user_email=not-an-email"), 400, "incorrect_user_email");
    }

    @Test
    void fromTimeAndToTimeAcceptUnixSecondsAndIsoDates() {
        JsonNode c = emailCase(api(), email());
        long caseId = c.get("case_id").asLong();
        String user = "&user_id=" + c.get("user_id").asLong();
        OffsetDateTime created = ZonedDateTime.parse(c.get("created_at").asText(),
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH)).toOffsetDateTime();
        long at = created.toEpochSecond();
        LocalDate day = created.atZoneSameInstant(ZoneOffset.UTC).toLocalDate();

        assertThat(ids(list(api(), "/api/cases.json?from_time=" + (at - 60) + "&to_time=" + (at + 60) + user,
                "case"), "case_id")).containsExactly(caseId);
        assertThat(total(api(), "/api/cases.json?from_time=" + (at + 3600) + user)).isZero();
        assertThat(total(api(), "/api/cases.json?to_time=" + (at - 3600) + user)).isZero();
        assertThat(ids(list(api(), "/api/cases.json?from_time=" + day + user, "case"), "case_id"))
                .containsExactly(caseId);
        assertThat(total(api(), "/api/cases.json?from_time=" + day.plusDays(1) + user)).isZero();
        assertThat(total(api(), "/api/cases.json?to_time=" + day.minusDays(1) + user)).isZero();
        assertThat(total(api(), "/api/cases.json?to_time=" + day.plusDays(1) + user)).isEqualTo(1);
        assertError(api().get("/api/cases.json?from_time=yesterday"), 400, "invalid_field");
        assertError(api().get("/api/cases.json?to_time=2024-13-45"), 400, "invalid_field");
    }

    /** DeskDates accepts the API's own date text ("Sun, 22 Nov 2026 03:52:32 +0000"), which holds a comma. */
    @Test
    void fromTimeAcceptsTheApisOwnDateFormat() {
        JsonNode c = emailCase(api(), email());
        String user = "&user_id=" + c.get("user_id").asLong();
        String rfc = URLEncoder.encode(c.get("created_at").asText(), StandardCharsets.UTF_8);
        Answer answer = api().get("/api/cases.json?from_time=" + rfc + user);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("total_count").asInt()).isEqualTo(1);
        assertThat(total(api(), "/api/cases.json?to_time="
                + URLEncoder.encode("Mon, 05 May 2014 00:15:17 +0300", StandardCharsets.UTF_8) + user)).isZero();
    }

    @Test
    void pageAndLimit() {
        String email = email();
        long a = emailCase(api(), email).get("case_id").asLong();
        String user = "&user_id=" + getCase(api(), a).get("user_id").asLong();
        long b = emailCase(api(), email).get("case_id").asLong();
        long c = emailCase(api(), email).get("case_id").asLong();

        Answer first = api().get("/api/cases.json?limit=2&page=1" + user);
        assertThat(ids(items(first.json(), "case"), "case_id")).containsExactly(c, b);
        assertThat(first.json().get("total_count").asInt()).isEqualTo(3);
        Answer second = api().get("/api/cases.json?limit=2&page=2" + user);
        assertThat(ids(items(second.json(), "case"), "case_id")).containsExactly(a);
        assertThat(second.json().get("total_count").asInt()).isEqualTo(3);
        Answer beyond = api().get("/api/cases.json?limit=2&page=3" + user);
        assertThat(beyond.status()).isEqualTo(200);
        assertThat(items(beyond.json(), "case")).isEmpty();
        assertThat(beyond.json().get("total_count").asInt()).isEqualTo(3);
        assertThat(list(api(), "/api/cases.json?limit=100" + user, "case")).hasSize(3);

        assertError(api().get("/api/cases.json?limit=101"), 400, "invalid_field");
        assertError(api().get("/api/cases.json?limit=0"), 400, "invalid_field");
        // Omnidesk clients that count pages from 0 get the first page
        Answer zero = api().get("/api/cases.json?limit=2&page=0" + user);
        assertThat(zero.status()).isEqualTo(200);
        assertThat(ids(items(zero.json(), "case"), "case_id"))
                .isEqualTo(ids(items(api().get("/api/cases.json?limit=2&page=1" + user).json(), "case"), "case_id"));
        assertError(api().get("/api/cases.json?page=-1"), 400, "invalid_field");
        assertError(api().get("/api/cases.json?page=abc"), 400, "invalid_field");
    }

    @Test
    void formBodiesWithPhpBracketsWorkLikeJson() {
        long l1 = ApiFixtures.label(api());
        long l2 = ApiFixtures.label(api());
        long l3 = ApiFixtures.label(api());
        String email = email();
        String form = "case%5Buser_email%5D=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&case[subject]=" + URLEncoder.encode("Привет & hello", StandardCharsets.UTF_8)
                + "&case[content]=" + URLEncoder.encode("a+b = c", StandardCharsets.UTF_8)
                + "&case[labels][]=" + l1 + "&case[labels][]=" + l2 + "&case[priority]=high";

        Answer created = api().raw("POST", "/api/cases.json", "application/x-www-form-urlencoded", form);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode c = created.json().get("case");
        assertThat(c.get("subject").asText()).isEqualTo("Привет & hello");
        assertThat(c.get("priority").asText()).isEqualTo("high");
        assertThat(longs(c.get("labels"))).containsExactlyInAnyOrder(l1, l2);
        assertThat(getUser(api(), c.get("user_id").asLong()).get("user_email").asText()).isEqualTo(email);
        long caseId = c.get("case_id").asLong();
        JsonNode firstMessage = api().get("/api/cases/" + caseId + "/messages.json").json().get("0").get("message");
        assertThat(firstMessage.get("content").asText()).isEqualTo("a+b = c");

        Answer changed = api().raw("PUT", "/api/cases/" + caseId + ".json", "application/x-www-form-urlencoded",
                "case[status]=waiting&case[add_labels][0]=" + l3 + "&case[delete_labels][0]=" + l1
                        + "&case[staff_id]=0");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("case").get("status").asText()).isEqualTo("waiting");
        assertThat(longs(changed.json().get("case").get("labels"))).containsExactlyInAnyOrder(l2, l3);

        Answer message = api().raw("POST", "/api/cases/" + caseId + "/messages.json",
                "application/x-www-form-urlencoded; charset=UTF-8", "message[content]=" + URLEncoder.encode(
                        "Ответ", StandardCharsets.UTF_8));
        assertThat(message.status()).as(message.body()).isEqualTo(201);
        assertThat(message.json().get("message").get("content").asText()).isEqualTo("Ответ");
    }

    @Test
    void unknownFieldsAndExtraTopLevelKeysAreIgnored() {
        Answer answer = api().post("/api/cases.json", obj("api_version", 2, "case", obj("user_email", email(),
                "content", "x", "custom_fields", obj("cf_25", "text", "cf_23", true), "language_id", 1,
                "user_whatsapp_phone", "", "something_new", List.of(1, 2))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("case").get("status").asText()).isEqualTo("open");
    }
}
