package dev.switchboard.channel.custom;

import static dev.switchboard.desk.api.ApiFixtures.DATE;
import static dev.switchboard.desk.api.ApiFixtures.RECEIVER;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.desk.api.ApiFixtures;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.WebhookReceiver.Hit;
import dev.switchboard.support.Webhooks;

/** Managing custom channels: create, read, change, deactivate, rotate the signing secret. */
class CustomChannelsApiTest extends SwitchboardTest {

    private DeskClient api() {
        return admin();
    }

    private Answer create(Object fields) {
        return api().post("/api/custom_channels.json", obj("custom_channel", fields));
    }

    private JsonNode created(Object fields) {
        Answer answer = create(fields);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("custom_channel");
    }

    @Test
    void createAnswersTheCchKeyAndTheSecretOnce() {
        String title = "Mobile app " + uid();
        String url = "https://example.com/omni_wh/" + uid();
        JsonNode channel = created(obj("title", title, "channel_type", "sync", "webhook_url", url,
                "webhook_format", "form"));

        long id = channel.get("channel_id").asLong();
        assertThat(channel.get("channel_api_key").asText()).isEqualTo("cch" + id);
        assertThat(channel.get("title").asText()).isEqualTo(title);
        assertThat(channel.get("channel_type").asText()).isEqualTo("sync");
        assertThat(channel.get("webhook_url").asText()).isEqualTo(url);
        assertThat(channel.get("webhook_format").asText()).isEqualTo("form");
        assertThat(channel.get("active").asBoolean()).isTrue();
        assertThat(channel.get("icon").asText()).isNotBlank();
        assertThat(channel.get("created_at").asText()).matches(DATE);
        assertThat(channel.get("webhook_secret").asText()).matches("[0-9a-f]{64}");

        JsonNode defaults = created(obj("title", "Defaults " + uid(), "webhook_url", "http://127.0.0.1:9/x"));
        assertThat(defaults.get("channel_type").asText()).isEqualTo("async");
        assertThat(defaults.get("webhook_format").asText()).isEqualTo("json");
        assertThat(defaults.get("channel_id").asLong()).isGreaterThan(id);
        assertThat(defaults.get("webhook_secret").asText()).isNotEqualTo(channel.get("webhook_secret").asText());
    }

    @Test
    void readingNeverShowsTheSecret() {
        JsonNode channel = ApiFixtures.channel(api());
        String code = channel.get("channel_api_key").asText();
        String secret = channel.get("webhook_secret").asText();
        long id = channel.get("channel_id").asLong();

        for (String path : List.of("/api/custom_channels/" + code + ".json", "/api/custom_channels/" + id + ".json",
                "/api/custom_channels/" + code)) {
            Answer one = api().get(path);
            assertThat(one.status()).as(path + " " + one.body()).isEqualTo(200);
            assertThat(one.json().get("custom_channel").get("channel_id").asLong()).isEqualTo(id);
            assertThat(one.json().get("custom_channel").has("webhook_secret")).isFalse();
            assertThat(one.body()).doesNotContain(secret);
        }

        long total = api().get("/api/custom_channels.json").json().get("total_count").asLong();
        Answer lastPage = api().get("/api/custom_channels.json?page=" + Math.max(1, (total + 99) / 100));
        List<JsonNode> items = ApiFixtures.items(lastPage.json(), "custom_channel");
        assertThat(ApiFixtures.ids(items, "channel_id")).contains(id);
        assertThat(items).allSatisfy(c -> {
            assertThat(c.has("webhook_secret")).isFalse();
            assertThat(c.get("channel_api_key").asText()).isEqualTo("cch" + c.get("channel_id").asLong());
            for (String field : List.of("channel_id", "channel_api_key", "title", "channel_type", "icon",
                    "webhook_url", "active")) {
                assertThat(c.hasNonNull(field)).as(field + " in " + c).isTrue();
            }
        });
        assertThat(lastPage.body()).doesNotContain(secret);
        assertThat(items).noneSatisfy(c -> assertThat(c.get("channel_api_key").asText()).isEqualTo("api"));
    }

    @Test
    void putChangesFieldsAndDeactivates() {
        JsonNode channel = ApiFixtures.channel(api());
        String code = channel.get("channel_api_key").asText();
        String url = "https://example.org/new/" + uid();

        Answer changed = api().put("/api/custom_channels/" + code + ".json", obj("custom_channel", obj(
                "title", "Renamed", "webhook_url", url, "channel_type", "sync", "webhook_format", "form")));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        JsonNode after = changed.json().get("custom_channel");
        assertThat(after.get("title").asText()).isEqualTo("Renamed");
        assertThat(after.get("webhook_url").asText()).isEqualTo(url);
        assertThat(after.get("channel_type").asText()).isEqualTo("sync");
        assertThat(after.get("webhook_format").asText()).isEqualTo("form");
        assertThat(after.has("webhook_secret")).isFalse();
        assertThat(api().get("/api/custom_channels/" + code + ".json").json().get("custom_channel")).isEqualTo(after);

        Answer off = api().put("/api/custom_channels/" + code + ".json", obj("custom_channel", obj("active", false)));
        assertThat(off.json().get("custom_channel").get("active").asBoolean()).isFalse();
        assertThat(off.json().get("custom_channel").get("title").asText()).as("kept").isEqualTo("Renamed");
        assertError(api().post("/api/cases.json", obj("case", obj("user_custom_id", "u-" + uid(), "channel", code,
                "content", "anyone there?"))), 400, "channel_not_active");

        api().put("/api/custom_channels/" + code + ".json", obj("custom_channel", obj("active", true)));
        assertThat(api().post("/api/cases.json", obj("case", obj("user_custom_id", "u-" + uid(), "channel", code,
                "content", "back"))).status()).isEqualTo(201);
    }

    @Test
    void rotatingTheSecretAnswersTheNewOneOnceAndDeliveriesUseIt() {
        String path = RECEIVER.newPath();
        JsonNode channel = created(obj("title", "Rotate " + uid(), "webhook_url", RECEIVER.url(path)));
        String code = channel.get("channel_api_key").asText();
        String old = channel.get("webhook_secret").asText();

        Answer rotated = api().put("/api/custom_channels/" + code + ".json",
                obj("custom_channel", obj("rotate_webhook_secret", true)));

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String secret = rotated.json().get("custom_channel").get("webhook_secret").asText();
        assertThat(secret).matches("[0-9a-f]{64}").isNotEqualTo(old);
        Answer read = api().get("/api/custom_channels/" + code + ".json");
        assertThat(read.json().get("custom_channel").has("webhook_secret")).isFalse();
        assertThat(read.body()).doesNotContain(secret);

        long caseId = ApiFixtures.customCase(api(), code, "rot-" + uid()).get("case_id").asLong();
        api().post("/api/cases/" + caseId + "/messages.json", obj("message", obj("content", "signed anew")));
        Hit hit = await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.delivered(path), l -> !l.isEmpty())
                .get(0);
        String timestamp = hit.header("X-Switchboard-Timestamp");
        assertThat(hit.header("X-Switchboard-Signature"))
                .isEqualTo(Webhooks.expectedSignature(secret, timestamp, hit.body()))
                .isNotEqualTo(Webhooks.expectedSignature(old, timestamp, hit.body()));
    }

    @Test
    void invalidFieldsAreRefused() {
        for (String url : List.of("ftp://example.com/hook", "example.com/hook", "/relative/path", "not a url",
                "http://", "javascript:alert(1)")) {
            assertError(create(obj("title", "Bad " + uid(), "webhook_url", url)), 400, "invalid_field");
        }
        assertError(create(obj("title", "No url " + uid())), 400, "missing_field");
        assertError(create(obj("webhook_url", "https://example.com/h")), 400, "missing_field");
        assertError(create(obj("title", "Type " + uid(), "webhook_url", "https://example.com/h",
                "channel_type", "chat")), 400, "invalid_field");
        assertError(create(obj("title", "Format " + uid(), "webhook_url", "https://example.com/h",
                "webhook_format", "xml")), 400, "invalid_field");
        assertError(create(obj("title", "x".repeat(201), "webhook_url", "https://example.com/h")), 400,
                "invalid_field");

        String code = ApiFixtures.channelCode(api());
        String path = "/api/custom_channels/" + code + ".json";
        JsonNode before = api().get(path).json().get("custom_channel");
        assertError(api().put(path, obj("custom_channel", obj("webhook_url", "ftp://x.example.com"))), 400,
                "invalid_field");
        assertError(api().put(path, obj("custom_channel", obj("channel_type", "realtime"))), 400, "invalid_field");
        assertError(api().put(path, obj("custom_channel", obj("webhook_format", "yaml"))), 400, "invalid_field");
        assertError(api().put(path, obj("custom_channel", obj("title", " "))), 400, "invalid_field");
        assertThat(api().get(path).json().get("custom_channel")).isEqualTo(before);
    }

    @Test
    void unknownChannelsAre404() {
        assertError(api().get("/api/custom_channels/cch999999999.json"), 404, "channel_not_found");
        assertError(api().get("/api/custom_channels/999999999.json"), 404, "channel_not_found");
        assertError(api().get("/api/custom_channels/api.json"), 404, "channel_not_found");
        assertError(api().put("/api/custom_channels/cch999999999.json", obj("custom_channel", obj("title", "x"))),
                404, "channel_not_found");
        assertError(api().post("/api/cases.json", obj("case", obj("user_custom_id", "u", "channel", "cch999999999",
                "content", "x"))), 400, "channel_not_found");
        assertError(api().post("/api/cases.json", obj("case", obj("user_custom_id", "u", "channel", "api",
                "content", "x"))), 400, "invalid_field");
    }

    @Test
    void onlyAdministratorsManageChannelsButStaffMayListThem() {
        ApiFixtures.StaffMember member = ApiFixtures.staff(api(), false);
        String code = ApiFixtures.channelCode(api());
        assertError(member.api().post("/api/custom_channels.json", obj("custom_channel", obj("title", "mine",
                "webhook_url", "https://example.com/h"))), 403, "staff_has_not_access");
        assertError(member.api().put("/api/custom_channels/" + code + ".json", obj("custom_channel",
                obj("active", false))), 403, "staff_has_not_access");
        assertError(member.api().put("/api/custom_channels/" + code + ".json", obj("custom_channel",
                obj("rotate_webhook_secret", true))), 403, "staff_has_not_access");
        Answer listed = member.api().get("/api/custom_channels/" + code + ".json");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("custom_channel").get("active").asBoolean()).isTrue();
    }
}
