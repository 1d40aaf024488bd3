package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.DATE;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.channelCode;
import static dev.switchboard.desk.api.ApiFixtures.customCase;
import static dev.switchboard.desk.api.ApiFixtures.email;
import static dev.switchboard.desk.api.ApiFixtures.emailCase;
import static dev.switchboard.desk.api.ApiFixtures.getCase;
import static dev.switchboard.desk.api.ApiFixtures.items;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.desk.api.ApiFixtures.StaffMember;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.SwitchboardTest;

/** Messages and notes of a case: who wrote them, what they do to the case, how they are listed. */
class MessagesApiTest extends SwitchboardTest {

    private DeskClient api() {
        return admin();
    }

    private static String messages(long caseId) {
        return "/api/cases/" + caseId + "/messages.json";
    }

    private static Answer post(DeskClient api, long caseId, Object message) {
        return api.post(messages(caseId), obj("message", message));
    }

    @Test
    void messagesPostedAtOnceToManyCasesAreEachStoredOnceAndAnsweredWithThemselves() throws Exception {
        // posts arriving together share a commit: each answer must still be its own message, each
        // case must hold each message once, in the order the desk stored them
        List<Long> caseIds = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> emailCase(api(), email()).get("case_id").asLong()).toList();
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<Answer>> answers = new java.util.ArrayList<>();
        List<String> texts = new java.util.ArrayList<>();
        for (int n = 0; n < 6; n++) {
            for (long caseId : caseIds) {
                String text = "case " + caseId + " reply " + n;
                texts.add(text);
                answers.add(writers.submit(() -> post(api(), caseId, obj("content", text))));
            }
        }
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            assertThat(answer.json().get("message").get("content").asText()).isEqualTo(texts.get(i));
        }
        writers.shutdown();

        for (long caseId : caseIds) {
            List<JsonNode> listed = items(api().get(messages(caseId)).json(), "message");
            List<Long> ids = listed.stream().map(m -> m.get("message_id").asLong()).toList();
            assertThat(ids).as("case %s", caseId).doesNotHaveDuplicates().isSorted();
            assertThat(listed.stream().map(m -> m.get("content").asText()).filter(t -> t.contains(" reply ")))
                    .as("case %s", caseId).hasSize(6).allSatisfy(t -> assertThat(t).startsWith("case " + caseId + " "))
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void aStaffReplyHasUserIdZeroAndTheAuthorAsStaffId() {
        StaffMember staff = ApiFixtures.staff(api(), false);
        JsonNode c = emailCase(api(), email());
        long caseId = c.get("case_id").asLong();

        Answer answer = post(staff.api(), caseId, obj("content", "We are on it", "content_html", "<p>We are on it</p>"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode m = answer.json().get("message");
        assertThat(m.get("message_id").asLong()).isPositive();
        assertThat(m.get("case_id").asLong()).isEqualTo(caseId);
        assertThat(m.get("user_id").asLong()).isZero();
        assertThat(m.get("staff_id").asLong()).isEqualTo(staff.id());
        assertThat(m.get("content").asText()).isEqualTo("We are on it");
        assertThat(m.get("content_html").asText()).isEqualTo("<p>We are on it</p>");
        assertThat(m.get("note").isBoolean()).isTrue();
        assertThat(m.get("note").asBoolean()).isFalse();
        assertThat(m.get("sent_via_rule").asBoolean(true)).isFalse();
        assertThat(m.get("attachments").isArray()).isTrue();
        assertThat(m.get("attachments").size()).isZero();
        assertThat(m.get("created_at").asText()).matches(DATE);

        JsonNode after = getCase(api(), caseId);
        assertThat(after.get("last_response_at").asText()).matches(DATE);
    }

    @Test
    void theFirstStaffMemberToReplyTakesAnUnassignedCase() {
        StaffMember first = ApiFixtures.staff(api(), false);
        StaffMember second = ApiFixtures.staff(api(), false);
        long caseId = emailCase(api(), email()).get("case_id").asLong();
        assertThat(getCase(api(), caseId).get("staff_id").asLong()).isZero();

        assertThat(post(first.api(), caseId, obj("content", "mine")).status()).isEqualTo(201);
        assertThat(getCase(api(), caseId).get("staff_id").asLong()).isEqualTo(first.id());

        assertThat(post(second.api(), caseId, obj("content", "helping")).status()).isEqualTo(201);
        assertThat(getCase(api(), caseId).get("staff_id").asLong()).as("stays with the first").isEqualTo(first.id());
    }

    @Test
    void aNoteDoesNotTakeTheCase() {
        // judgement call the code makes: only a reply assigns an unassigned case, an internal note does not
        StaffMember staff = ApiFixtures.staff(api(), false);
        long caseId = emailCase(api(), email()).get("case_id").asLong();
        Answer note = staff.api().post("/api/cases/" + caseId + "/note.json", obj("note", obj("content", "fyi")));
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        assertThat(getCase(api(), caseId).get("staff_id").asLong()).isZero();
    }

    @Test
    void aCustomerMessageWithUserIdHasStaffIdZeroAndReopensTheCase() {
        String channel = channelCode(api());
        JsonNode c = customCase(api(), channel, "cust-" + uid());
        long caseId = c.get("case_id").asLong();
        long userId = c.get("user_id").asLong();
        api().put("/api/cases/" + caseId + ".json", obj("case", obj("status", "waiting")));

        Answer answer = post(api(), caseId, obj("content", "any news?", "user_id", userId));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode m = answer.json().get("message");
        assertThat(m.get("user_id").asLong()).isEqualTo(userId);
        assertThat(m.get("staff_id").asLong()).isZero();
        assertThat(m.get("note").asBoolean()).isFalse();
        assertThat(getCase(api(), caseId).get("status").asText()).isEqualTo("open");

        api().put("/api/cases/" + caseId + ".json", obj("case", obj("status", "closed")));
        assertThat(getCase(api(), caseId).get("closed_at").asText()).matches(DATE);
        assertThat(post(api(), caseId, obj("content", "one more thing", "user_id", userId)).status()).isEqualTo(201);
        JsonNode reopened = getCase(api(), caseId);
        assertThat(reopened.get("status").asText()).isEqualTo("open");
        assertThat(reopened.get("closed_at").asText()).isEqualTo("-");
    }

    @Test
    void aMessageFromSomeoneElsesUserIdIsRefusedAndNotStored() {
        long caseId = emailCase(api(), email()).get("case_id").asLong();
        long stranger = emailCase(api(), email()).get("user_id").asLong();

        assertError(post(api(), caseId, obj("content", "not mine", "user_id", stranger)), 400, "user_not_found");
        assertError(post(api(), caseId, obj("content", "nobody", "user_id", 999_999_999L)), 400, "user_not_found");

        assertThat(api().get(messages(caseId)).json().get("total_count").asInt()).isEqualTo(1);
    }

    @Test
    void notesViaNoteJsonAndNotesJsonAreFlaggedNotes() {
        StaffMember staff = ApiFixtures.staff(api(), false);
        long caseId = emailCase(api(), email()).get("case_id").asLong();

        for (String path : List.of("note.json", "notes.json")) {
            Answer answer = staff.api().post("/api/cases/" + caseId + "/" + path,
                    obj("note", obj("content", "internal " + path, "note_group_id", 3)));
            assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(201);
            JsonNode m = answer.json().get("message");
            assertThat(m.get("note").asBoolean()).as(path).isTrue();
            assertThat(m.get("staff_id").asLong()).isEqualTo(staff.id());
            assertThat(m.get("user_id").asLong()).isZero();
            assertThat(m.get("content").asText()).isEqualTo("internal " + path);
        }
        List<JsonNode> listed = items(api().get(messages(caseId)).json(), "message");
        assertThat(listed).extracting(m -> m.get("note").asBoolean()).containsExactly(false, true, true);
        assertError(api().post("/api/cases/" + caseId + "/note.json", obj("note", obj("content", " "))), 400,
                "missing_field");
        assertError(api().post("/api/cases/999999999/note.json", obj("note", obj("content", "x"))), 404,
                "case_not_found");
    }

    @Test
    void htmlOnlyMessagesHaveAnEmptyContent() {
        long caseId = emailCase(api(), email()).get("case_id").asLong();
        Answer answer = post(api(), caseId, obj("content_html", "<b>bold</b>"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("message").get("content").asText()).isEmpty();
        assertThat(answer.json().get("message").get("content_html").asText()).isEqualTo("<b>bold</b>");
        assertError(post(api(), caseId, obj("content", "", "content_html", "   ")), 400, "missing_field");
    }

    @Test
    void messagesByCaseNumberAndExtraKeysAsRealClientsSendThem() {
        JsonNode c = customCase(api(), channelCode(api()), "extra-" + uid());
        long caseId = c.get("case_id").asLong();
        long userId = c.get("user_id").asLong();
        // laravel-omnidesk puts the case id next to the envelope; GoEdgar sends user_custom_id along
        Answer answer = api().post("/api/cases/" + c.get("case_number").asText() + "/messages.json",
                obj("case_id", caseId, "message", obj("content", "hi", "user_id", userId,
                        "user_custom_id", "whatever")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("message").get("case_id").asLong()).isEqualTo(caseId);
        assertThat(answer.json().get("message").get("user_id").asLong()).isEqualTo(userId);
        assertError(post(api(), 999_999_999L, obj("content", "x")), 404, "case_not_found");
    }

    @Test
    void withoutPagingTheLast100AscendingOtherwisePagesAndOrder() {
        JsonNode c = emailCase(api(), email());
        long caseId = c.get("case_id").asLong();
        long userId = c.get("user_id").asLong();
        for (int i = 1; i <= 104; i++) {
            assertThat(post(api(), caseId, obj("content", "m" + i, "user_id", userId)).status()).isEqualTo(201);
        }

        JsonNode all = api().get(messages(caseId)).json();
        List<JsonNode> last100 = items(all, "message");
        assertThat(all.get("total_count").asInt()).isEqualTo(105);
        assertThat(last100).hasSize(100);
        assertThat(last100.get(0).get("content").asText()).isEqualTo("m5");
        assertThat(last100.get(99).get("content").asText()).isEqualTo("m104");
        assertThat(ApiFixtures.ids(last100, "message_id")).isSorted();

        List<JsonNode> desc = items(api().get(messages(caseId) + "?order=desc").json(), "message");
        assertThat(desc).hasSize(100);
        assertThat(desc.get(0).get("content").asText()).isEqualTo("m104");
        assertThat(desc.get(99).get("content").asText()).isEqualTo("m5");

        List<JsonNode> firstPage = items(api().get(messages(caseId) + "?page=1&limit=10").json(), "message");
        assertThat(firstPage).extracting(m -> m.get("content").asText())
                .containsExactly("Hello", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        List<JsonNode> secondDesc = items(api().get(messages(caseId) + "?page=2&limit=5&order=desc").json(),
                "message");
        assertThat(secondDesc).extracting(m -> m.get("content").asText())
                .containsExactly("m99", "m98", "m97", "m96", "m95");
        List<JsonNode> onlyLimit = items(api().get(messages(caseId) + "?limit=3").json(), "message");
        assertThat(onlyLimit).extracting(m -> m.get("content").asText()).containsExactly("Hello", "m1", "m2");

        assertError(api().get(messages(caseId) + "?limit=101"), 400, "invalid_field");
        assertError(api().get(messages(caseId) + "?order=sideways"), 400, "invalid_field");
        assertError(api().get("/api/cases/999999999/messages.json"), 404, "case_not_found");
    }

    @Test
    void onlyAdministratorsMayWriteAsAnotherStaffMember() {
        StaffMember staff = ApiFixtures.staff(api(), false);
        StaffMember other = ApiFixtures.staff(api(), false);
        long caseId = emailCase(api(), email()).get("case_id").asLong();

        assertError(post(staff.api(), caseId, obj("content", "as other", "staff_id", other.id())), 403,
                "staff_has_not_access");
        assertThat(api().get(messages(caseId)).json().get("total_count").asInt()).isEqualTo(1);

        Answer own = post(staff.api(), caseId, obj("content", "as myself", "staff_id", staff.id()));
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        assertThat(own.json().get("message").get("staff_id").asLong()).isEqualTo(staff.id());

        Answer byAdmin = post(api(), caseId, obj("content", "on behalf", "staff_id", other.id()));
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(201);
        assertThat(byAdmin.json().get("message").get("staff_id").asLong()).isEqualTo(other.id());

        assertError(post(api(), caseId, obj("content", "ghost", "staff_id", 999_999_999L)), 400, "staff_not_found");
        api().put("/api/staff/" + other.id() + ".json", obj("staff", obj("active", false)));
        assertError(post(api(), caseId, obj("content", "inactive", "staff_id", other.id())), 400,
                "staff_not_active");
        assertThat(api().get(messages(caseId)).json().get("total_count").asInt()).isEqualTo(3);
    }
}
