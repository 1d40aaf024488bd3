package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.switchboard.desk.api.ApiFixtures.StaffMember;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.SwitchboardTest;

/** Staff members: who may create and change them, API keys, deactivation. */
class StaffApiTest extends SwitchboardTest {

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private PasswordEncoder encoder;

    private DeskClient api() {
        return admin();
    }

    @Test
    void anAdministratorCreatesStaffAndTheKeyIsShownOnceAndWorks() {
        String email = "New.Staff-" + uid() + "@Example.com";
        Answer created = api().post("/api/staff.json", obj("staff", obj("staff_email", email,
                "staff_full_name", "Nina Support", "staff_signature", "Best, Nina")));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode staff = created.json().get("staff");
        long id = staff.get("staff_id").asLong();
        String key = staff.get("api_key").asText();
        assertThat(key).matches("[A-Za-z0-9_-]{40,}");
        assertThat(staff.get("staff_email").asText()).isEqualTo(email.toLowerCase(Locale.ROOT));
        assertThat(staff.get("staff_full_name").asText()).isEqualTo("Nina Support");
        assertThat(staff.get("staff_signature").asText()).isEqualTo("Best, Nina");
        assertThat(staff.get("active").asBoolean()).isTrue();
        assertThat(staff.get("status").asText()).isEqualTo("offline");
        assertThat(staff.get("admin").asBoolean(true)).isFalse();

        Answer read = api().get("/api/staff/" + id + ".json");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("staff").has("api_key")).as(read.body()).isFalse();
        assertThat(read.body()).doesNotContain(key);
        assertThat(read.json().get("staff").get("staff_full_name").asText()).isEqualTo("Nina Support");

        DeskClient asNew = api().as(email, key);
        Answer self = asNew.get("/api/staff/" + id + ".json");
        assertThat(self.status()).as(self.body()).isEqualTo(200);
        assertThat(self.json().get("staff").has("api_key")).isFalse();
        assertError(api().as(email, key + "x").get("/api/staff.json"), 401, "unauthorized");
    }

    /**
     * Credentials are kept 5 s, but an email not found is not: an account created elsewhere (by
     * another node, written here straight into the table) opens at once.
     */
    @Test
    void anAccountTriedBeforeItExistedOpensAtOnceWhenCreatedElsewhere() {
        String email = "early-" + uid() + "@example.com";
        String key = "early-key-" + uid();
        assertError(api().as(email, key).get("/api/staff.json"), 401, "unauthorized");

        jdbc.update("INSERT INTO staff (email, full_name, api_key_hash, admin, bot, active, status, created_at, "
                + "updated_at) VALUES (?, 'Early Bird', ?, FALSE, FALSE, TRUE, 'offline', CURRENT_TIMESTAMP, "
                + "CURRENT_TIMESTAMP)", email, encoder.encode(key));

        Answer self = api().as(email, key).get("/api/cases.json?limit=1");
        assertThat(self.status()).as(self.body()).isEqualTo(200);
    }

    @Test
    void theStaffListNeverShowsKeys() {
        StaffMember member = ApiFixtures.staff(api(), false);
        Answer first = api().get("/api/staff.json");
        assertThat(first.status()).isEqualTo(200);
        long total = first.json().get("total_count").asLong();
        long lastPage = Math.max(1, (total + 99) / 100);
        List<JsonNode> items = ApiFixtures.list(api(), "/api/staff.json?page=" + lastPage, "staff");
        assertThat(ApiFixtures.ids(items, "staff_id")).contains(member.id());
        assertThat(items).allSatisfy(s -> assertThat(s.has("api_key")).as(s.toString()).isFalse());
        assertThat(first.body()).doesNotContain("api_key").doesNotContain("api_key_hash");
    }

    @Test
    void nonAdministratorsCannotCreateStaffChannelsOrGroups() {
        StaffMember member = ApiFixtures.staff(api(), false);
        String email = "sneaky-" + uid() + "@example.com";

        assertError(member.api().post("/api/staff.json", obj("staff", obj("staff_email", email))), 403,
                "staff_has_not_access");
        assertError(member.api().post("/api/custom_channels.json", obj("custom_channel", obj("title", "x",
                "webhook_url", "https://example.com/hook"))), 403, "staff_has_not_access");
        assertError(member.api().post("/api/groups.json", obj("group", obj("group_title", "g-" + uid()))), 403,
                "staff_has_not_access");

        // and the refused staff member does not exist: the administrator can create that email now
        Answer later = api().post("/api/staff.json", obj("staff", obj("staff_email", email)));
        assertThat(later.status()).as(later.body()).isEqualTo(201);
    }

    @Test
    void staffChangeTheirOwnStatusNameAndSignatureButNothingElse() {
        StaffMember member = ApiFixtures.staff(api(), false);
        StaffMember colleague = ApiFixtures.staff(api(), false);
        String self = "/api/staff/" + member.id() + ".json";

        Answer online = member.api().put(self, obj("staff", obj("status", "online", "staff_full_name", "Me Myself",
                "staff_signature", "-- me")));
        assertThat(online.status()).as(online.body()).isEqualTo(200);
        assertThat(online.json().get("staff").get("status").asText()).isEqualTo("online");
        assertThat(online.json().get("staff").get("staff_full_name").asText()).isEqualTo("Me Myself");
        assertThat(online.json().get("staff").has("api_key")).isFalse();
        assertThat(api().get(self).json().get("staff").get("status").asText()).isEqualTo("online");

        assertError(member.api().put(self, obj("staff", obj("status", "busy"))), 400, "invalid_field");
        assertError(member.api().put(self, obj("staff", obj("admin", true))), 403, "staff_has_not_access");
        assertError(member.api().put(self, obj("staff", obj("active", false))), 403, "staff_has_not_access");
        assertError(member.api().put(self, obj("staff", obj("staff_email", "x-" + uid() + "@example.com"))), 403,
                "staff_has_not_access");
        assertError(member.api().put("/api/staff/" + colleague.id() + ".json", obj("staff", obj("status", "online"))),
                403, "staff_has_not_access");
        assertThat(api().get(self).json().get("staff").get("admin").asBoolean()).isFalse();
        assertThat(api().get("/api/staff/" + colleague.id() + ".json").json().get("staff").get("status").asText())
                .isEqualTo("offline");
    }

    @Test
    void regeneratingTheKeyAnswersANewOneOnceAndRetiresTheOld() {
        StaffMember member = ApiFixtures.staff(api(), false);
        String self = "/api/staff/" + member.id() + ".json";

        Answer answer = member.api().put(self, obj("staff", obj("regenerate_api_key", true)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String newKey = answer.json().get("staff").get("api_key").asText();
        assertThat(newKey).matches("[A-Za-z0-9_-]{40,}").isNotEqualTo(member.apiKey());
        assertError(member.api().get(self), 401, "unauthorized");
        DeskClient renewed = api().as(member.email(), newKey);
        Answer read = renewed.get(self);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("staff").has("api_key")).isFalse();

        Answer byAdmin = api().put(self, obj("staff", obj("regenerate_api_key", true)));
        String adminMade = byAdmin.json().get("staff").get("api_key").asText();
        assertThat(adminMade).isNotBlank().isNotEqualTo(newKey);
        assertThat(renewed.get(self).status()).isEqualTo(401);
        assertThat(api().as(member.email(), adminMade).get(self).status()).isEqualTo(200);
    }

    @Test
    void aDeactivatedStaffMemberGets401StaffNotActive() {
        StaffMember member = ApiFixtures.staff(api(), false);
        String self = "/api/staff/" + member.id() + ".json";
        assertThat(member.api().get(self).status()).isEqualTo(200);

        Answer off = api().put(self, obj("staff", obj("active", false)));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().get("staff").get("active").asBoolean()).isFalse();

        Answer refused = member.api().get("/api/cases.json");
        assertError(refused, 401, "staff_not_active");
        assertThat(refused.header("WWW-Authenticate")).startsWith("Basic realm=");

        api().put(self, obj("staff", obj("active", true)));
        assertThat(member.api().get(self).status()).isEqualTo(200);
    }

    @Test
    void anAdministratorCannotDeactivateOrDemoteThemselves() {
        StaffMember second = ApiFixtures.staff(api(), true);
        String self = "/api/staff/" + second.id() + ".json";
        assertError(second.api().put(self, obj("staff", obj("active", false))), 400, "invalid_field");
        assertError(second.api().put(self, obj("staff", obj("admin", false))), 400, "invalid_field");
        JsonNode after = api().get(self).json().get("staff");
        assertThat(after.get("active").asBoolean()).isTrue();
        assertThat(after.get("admin").asBoolean()).isTrue();
        // but a second administrator may create staff
        assertThat(second.api().post("/api/staff.json", obj("staff", obj("staff_email",
                "by-second-" + uid() + "@example.com"))).status()).isEqualTo(201);
    }

    @Test
    void aStaffEmailIsUnique() {
        StaffMember member = ApiFixtures.staff(api(), false);
        StaffMember other = ApiFixtures.staff(api(), false);
        assertError(api().post("/api/staff.json", obj("staff", obj("staff_email",
                member.email().toUpperCase(Locale.ROOT)))), 409, "email_already_exist");
        assertError(api().put("/api/staff/" + other.id() + ".json", obj("staff", obj("staff_email", member.email()))),
                409, "email_already_exist");
        assertThat(api().get("/api/staff/" + other.id() + ".json").json().get("staff").get("staff_email").asText())
                .isEqualTo(other.email());
        assertError(api().post("/api/staff.json", obj("staff", obj("staff_full_name", "no email"))), 400,
                "missing_field");
        assertError(api().post("/api/staff.json", obj("staff", obj("staff_email", "not-an-email"))), 400,
                "incorrect_user_email");
        assertError(api().get("/api/staff/999999999.json"), 404, "staff_not_found");
    }

    @Test
    void groupIdsOfStaffMustExist() {
        long group = ApiFixtures.group(api());
        Answer created = api().post("/api/staff.json", obj("staff", obj("staff_email",
                "grouped-" + uid() + "@example.com", "group_ids", List.of(group))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(ApiFixtures.longs(created.json().get("staff").get("group_ids"))).containsExactly(group);
        assertError(api().post("/api/staff.json", obj("staff", obj("staff_email", "nogroup-" + uid() + "@example.com",
                "group_ids", List.of(999_999_999L)))), 400, "group_not_found");
    }
}
