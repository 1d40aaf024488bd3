package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.DATE;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.desk.api.ApiFixtures.StaffMember;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.SwitchboardTest;

/** Groups (administrators manage them) and labels (unique titles). */
class GroupsLabelsApiTest extends SwitchboardTest {

    private DeskClient api() {
        return admin();
    }

    @Test
    void anAdministratorCreatesReadsAndChangesAGroup() {
        String title = "Support " + uid();
        Answer created = api().post("/api/groups.json", obj("group", obj("group_title", "  " + title + "  ",
                "group_from_name", "ACME Support")));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode group = created.json().get("group");
        long id = group.get("group_id").asLong();
        assertThat(group.get("group_title").asText()).isEqualTo(title);
        assertThat(group.get("group_from_name").asText()).isEqualTo("ACME Support");
        assertThat(group.get("group_signature").asText()).isEmpty();
        assertThat(group.get("active").asBoolean()).isTrue();
        assertThat(group.get("created_at").asText()).matches(DATE);

        Answer bare = api().get("/api/groups/" + id);
        assertThat(bare.status()).as(bare.body()).isEqualTo(200);
        assertThat(bare.json().get("group")).isEqualTo(group);

        Answer changed = api().put("/api/groups/" + id + ".json", obj("group", obj("group_title", title + " 2",
                "active", false)));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("group").get("group_title").asText()).isEqualTo(title + " 2");
        assertThat(changed.json().get("group").get("active").asBoolean()).isFalse();
        assertThat(changed.json().get("group").get("group_from_name").asText()).as("kept").isEqualTo("ACME Support");

        assertError(api().post("/api/groups.json", obj("group", obj("group_title", "  "))), 400, "missing_field");
        assertError(api().put("/api/groups/" + id + ".json", obj("group", obj("group_title", ""))), 400,
                "invalid_field");
        assertError(api().get("/api/groups/999999999.json"), 404, "group_not_found");
        assertError(api().put("/api/groups/999999999.json", obj("group", obj("group_title", "x"))), 404,
                "group_not_found");
    }

    @Test
    void staffMayReadGroupsButNotChangeThem() {
        StaffMember member = ApiFixtures.staff(api(), false);
        long group = ApiFixtures.group(api());
        Answer read = member.api().get("/api/groups/" + group + ".json");
        assertThat(read.status()).isEqualTo(200);
        assertError(member.api().put("/api/groups/" + group + ".json", obj("group", obj("group_title", "mine"))),
                403, "staff_has_not_access");
        assertThat(api().get("/api/groups/" + group + ".json").json().get("group").get("group_title").asText())
                .isEqualTo(read.json().get("group").get("group_title").asText());
    }

    @Test
    void labelsHaveUniqueTitles() {
        String title = "urgent-" + uid();
        Answer created = api().post("/api/labels.json", obj("label", obj("label_title", title)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode label = created.json().get("label");
        long id = label.get("label_id").asLong();
        assertThat(label.get("label_title").asText()).isEqualTo(title);

        assertError(api().post("/api/labels.json", obj("label", obj("label_title", title))), 409,
                "label_already_exist");
        assertError(api().post("/api/labels.json", obj("label", obj("label_title", "  " + title + " "))), 409,
                "label_already_exist");
        long other = ApiFixtures.label(api());
        assertError(api().put("/api/labels/" + other + ".json", obj("label", obj("label_title", title))), 409,
                "label_already_exist");

        Answer renamed = api().put("/api/labels/" + id + ".json", obj("label", obj("label_title", title + "-2")));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(api().get("/api/labels/" + id + ".json").json().get("label").get("label_title").asText())
                .isEqualTo(title + "-2");
        assertThat(api().post("/api/labels.json", obj("label", obj("label_title", title))).status())
                .as("the old title is free again").isEqualTo(201);
    }

    @Test
    void labelInputIsChecked() {
        assertError(api().post("/api/labels.json", obj("label", obj("label_title", ""))), 400, "missing_field");
        assertError(api().post("/api/labels.json", obj("label_title", "flat")), 400, "missing_field");
        assertError(api().post("/api/labels.json", obj("label", obj("label_title", "x".repeat(201)))), 400,
                "invalid_field");
        assertError(api().get("/api/labels/999999999.json"), 404, "label_not_found");
    }

    @Test
    void staffMayCreateLabels() {
        // the code lets any staff member create labels (Omnidesk restricts this by role)
        StaffMember member = ApiFixtures.staff(api(), false);
        Answer created = member.api().post("/api/labels.json", obj("label", obj("label_title", "by-staff-" + uid())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("label").get("label_id").asLong();
        Answer listed = api().get("/api/labels.json?limit=1&page=1");
        assertThat(listed.json().get("total_count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(ApiFixtures.items(listed.json(), "label")).hasSize(1);
        long total = listed.json().get("total_count").asLong();
        JsonNode last = api().get("/api/labels.json?limit=1&page=" + total).json();
        assertThat(ApiFixtures.items(last, "label")).hasSize(1);
        assertThat(api().get("/api/labels/" + id + ".json").status()).isEqualTo(200);
    }
}
