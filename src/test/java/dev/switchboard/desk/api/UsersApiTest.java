package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.DATE;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.channelCode;
import static dev.switchboard.desk.api.ApiFixtures.email;
import static dev.switchboard.desk.api.ApiFixtures.getUser;
import static dev.switchboard.desk.api.ApiFixtures.ids;
import static dev.switchboard.desk.api.ApiFixtures.list;
import static dev.switchboard.desk.api.ApiFixtures.longs;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.phone;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.SwitchboardTest;

/** Users: create, read, list, change, link and unlink profiles. */
class UsersApiTest extends SwitchboardTest {

    private static final List<String> USER_FIELDS = List.of("user_id", "type", "user_full_name", "company_name",
            "company_position", "thumbnail", "confirmed", "active", "deleted", "user_email", "user_phone",
            "user_custom_id", "user_custom_channel", "language_id", "custom_fields", "linked_users", "created_at",
            "updated_at");

    private DeskClient api() {
        return admin();
    }

    private JsonNode createUser(Object fields) {
        Answer answer = api().post("/api/users.json", obj("user", fields));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("user");
    }

    @Test
    void createByEmailAnswersEveryFieldWithoutNulls() {
        String email = email();
        JsonNode user = createUser(obj("user_email", email.toUpperCase(Locale.ROOT), "user_full_name", "Olga",
                "company_name", "ACME", "company_position", "CTO"));

        for (String field : USER_FIELDS) {
            assertThat(user.has(field)).as(field + " in " + user).isTrue();
            assertThat(user.get(field).isNull()).as(field + " null in " + user).isFalse();
        }
        assertThat(user.get("user_id").asLong()).isPositive();
        assertThat(user.get("type").asText()).isEqualTo("email");
        assertThat(user.get("user_email").asText()).isEqualTo(email);
        assertThat(user.get("user_phone").asText()).isEmpty();
        assertThat(user.get("user_custom_id").asText()).isEmpty();
        assertThat(user.get("user_full_name").asText()).isEqualTo("Olga");
        assertThat(user.get("company_name").asText()).isEqualTo("ACME");
        assertThat(user.get("company_position").asText()).isEqualTo("CTO");
        assertThat(user.get("linked_users").isArray()).isTrue();
        assertThat(user.get("linked_users").size()).isZero();
        assertThat(user.get("created_at").asText()).matches(DATE);
        assertThat(getUser(api(), user.get("user_id").asLong())).isEqualTo(user);
    }

    @Test
    void createWithEmailAndPhoneKeepsBoth() {
        String email = email();
        String phone = phone();
        JsonNode user = createUser(obj("user_email", email, "user_phone", phone));
        assertThat(user.get("user_email").asText()).isEqualTo(email);
        assertThat(user.get("user_phone").asText()).isEqualTo(phone);
        assertThat(user.get("type").asText()).isEqualTo("email");
    }

    @Test
    void createByCustomIdNeedsAKnownCustomChannel() {
        String channel = channelCode(api());
        String customId = "cu-" + uid();
        JsonNode user = createUser(obj("user_custom_id", customId, "user_custom_channel", channel));
        assertThat(user.get("type").asText()).isEqualTo("custom");
        assertThat(user.get("user_custom_id").asText()).isEqualTo(customId);
        assertThat(user.get("user_custom_channel").asText()).isEqualTo(channel);

        assertError(api().post("/api/users.json", obj("user", obj("user_custom_id", customId,
                "user_custom_channel", channel))), 409, "user_custom_id_already_exist");
        assertError(api().post("/api/users.json", obj("user", obj("user_custom_id", "x-" + uid()))), 400,
                "missing_field");
        assertError(api().post("/api/users.json", obj("user", obj("user_custom_id", "x-" + uid(),
                "user_custom_channel", "cch999999999"))), 400, "channel_not_found");
        assertError(api().post("/api/users.json", obj("user", obj("user_custom_id", "x-" + uid(),
                "user_custom_channel", "api"))), 400, "channel_not_found");
    }

    @Test
    void anExistingEmailOrPhoneIs409() {
        String email = email();
        String phone = phone();
        createUser(obj("user_email", email));
        createUser(obj("user_phone", phone));

        assertError(api().post("/api/users.json", obj("user", obj("user_email", email.toUpperCase(Locale.ROOT)))),
                409, "email_already_exist");
        assertError(api().post("/api/users.json", obj("user", obj("user_phone", phone))), 409,
                "phone_already_exist");
        assertError(api().post("/api/users.json", obj("user", obj("user_email", "nope"))), 400,
                "incorrect_user_email");
        assertError(api().post("/api/users.json", obj("user", obj("user_full_name", "no contact"))), 400,
                "missing_field");
        assertThat(ApiFixtures.total(api(), "/api/users.json?user_email=" + email)).isEqualTo(1);
    }

    @Test
    void listFiltersByEmailPhoneAndCustomId() {
        String email = email();
        String phone = phone();
        long byEmail = createUser(obj("user_email", email)).get("user_id").asLong();
        long byPhone = createUser(obj("user_phone", phone)).get("user_id").asLong();
        String channel = channelCode(api());
        String customId = "lf-" + uid();
        long byCustom = createUser(obj("user_custom_id", customId, "user_custom_channel", channel))
                .get("user_id").asLong();

        assertThat(ids(list(api(), "/api/users.json?user_email=" + email, "user"), "user_id")).containsExactly(byEmail);
        assertThat(ids(list(api(), "/api/users.json?user_phone=%2B" + phone.substring(1), "user"), "user_id"))
                .containsExactly(byPhone);
        assertThat(ids(list(api(), "/api/users.json?user_custom_id=" + customId + "&user_custom_channel=" + channel,
                "user"), "user_id")).containsExactly(byCustom);
        assertThat(ApiFixtures.total(api(), "/api/users.json?user_custom_id=" + customId
                + "&user_custom_channel=cch999999999")).isZero();
        assertError(api().get("/api/users/999999999.json"), 404, "user_not_found");
        assertError(api().get("/api/users.json?limit=500"), 400, "invalid_field");
    }

    /** laravel-omnidesk's FetchUserList sends user_custom_channel on its own: the users of that channel. */
    @Test
    void userCustomChannelAloneListsThatChannelsUsers() {
        String channel = channelCode(api());
        String customId = "ch-" + uid();
        long byCustom = createUser(obj("user_custom_id", customId, "user_custom_channel", channel))
                .get("user_id").asLong();
        createUser(obj("user_email", email()));

        Answer answer = api().get("/api/users.json?user_custom_channel=" + channel);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("total_count").asLong()).isEqualTo(1);
        assertThat(ids(ApiFixtures.items(answer.json(), "user"), "user_id")).containsExactly(byCustom);
    }

    @Test
    void listFiltersByCreationTimeInEveryDateFormat() {
        String email = email();
        JsonNode user = createUser(obj("user_email", email));
        String at = java.net.URLEncoder.encode(user.get("created_at").asText(), java.nio.charset.StandardCharsets.UTF_8);
        long seconds = java.time.ZonedDateTime.parse(user.get("created_at").asText(), java.time.format.DateTimeFormatter
                .ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH)).toEpochSecond();
        String byEmail = "/api/users.json?user_email=" + email;

        assertThat(ApiFixtures.total(api(), byEmail + "&from_time=" + at)).isEqualTo(1);
        assertThat(ApiFixtures.total(api(), byEmail + "&from_time=" + (seconds + 3600))).isZero();
        assertThat(ApiFixtures.total(api(), byEmail + "&to_time=" + (seconds - 3600))).isZero();
        assertError(api().get(byEmail + "&from_time=later"), 400, "invalid_field");
    }

    /** Five rounds of 8 parallel POST users.json with one new email: one 201, the others 409 each time. */
    @Test
    void parallelCreatesOfOneNewEmailAnswerOne201AndOtherwise409() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String email = email();
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Answer>> futures = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return api().post("/api/users.json", obj("user", obj("user_email", email)));
                    }));
                }
                start.countDown();
                List<Integer> statuses = new java.util.ArrayList<>();
                for (var future : futures) {
                    statuses.add(future.get(60, java.util.concurrent.TimeUnit.SECONDS).status());
                }
                assertThat(ApiFixtures.total(api(), "/api/users.json?user_email=" + email)).isEqualTo(1);
                assertThat(statuses).as("round " + round + ": one creates, the others find it exists")
                        .containsOnlyOnce(201).containsOnly(201, 409);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void putChangesProfileEmailAndPhone() {
        long userId = createUser(obj("user_email", email(), "user_full_name", "Old")).get("user_id").asLong();
        String newEmail = email();
        String newPhone = phone();

        Answer answer = api().put("/api/users/" + userId + ".json", obj("user", obj("user_full_name", "New Name",
                "company_name", "Initech", "user_email", newEmail, "user_phone", newPhone)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode user = answer.json().get("user");
        assertThat(user.get("user_full_name").asText()).isEqualTo("New Name");
        assertThat(user.get("company_name").asText()).isEqualTo("Initech");
        assertThat(user.get("user_email").asText()).isEqualTo(newEmail);
        assertThat(user.get("user_phone").asText()).isEqualTo(newPhone);
        assertThat(getUser(api(), userId)).isEqualTo(user);

        Answer partial = api().put("/api/users/" + userId + ".json", obj("user", obj("company_position", "Boss")));
        assertThat(partial.json().get("user").get("user_full_name").asText()).as("unchanged").isEqualTo("New Name");
        assertThat(partial.json().get("user").get("company_position").asText()).isEqualTo("Boss");
    }

    @Test
    void putRefusesAnEmailOrPhoneOfAnotherUser() {
        String takenEmail = email();
        String takenPhone = phone();
        createUser(obj("user_email", takenEmail, "user_phone", takenPhone));
        String ownEmail = email();
        long userId = createUser(obj("user_email", ownEmail)).get("user_id").asLong();

        assertError(api().put("/api/users/" + userId + ".json", obj("user", obj("user_email", takenEmail))), 409,
                "email_already_exist");
        assertError(api().put("/api/users/" + userId + ".json", obj("user", obj("user_phone", takenPhone))), 409,
                "phone_already_exist");
        assertThat(getUser(api(), userId).get("user_email").asText()).isEqualTo(ownEmail);
        assertError(api().put("/api/users/999999999.json", obj("user", obj("user_full_name", "x"))), 404,
                "user_not_found");
    }

    @Test
    void linkWithABareUserId() {
        long a = createUser(obj("user_email", email())).get("user_id").asLong();
        long b = createUser(obj("user_phone", phone())).get("user_id").asLong();

        Answer answer = api().put("/api/users/" + a + "/link.json", obj("user_id", b));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        // the code lists the other profiles only (the laravel-omnidesk fixture also lists the user's own id)
        assertThat(longs(answer.json().get("user").get("linked_users"))).containsExactly(b);
        assertThat(longs(getUser(api(), b).get("linked_users"))).containsExactly(a);
    }

    @Test
    void linkWithAWrappedUserIdAndByEmail() {
        long a = createUser(obj("user_email", email())).get("user_id").asLong();
        long b = createUser(obj("user_email", email())).get("user_id").asLong();
        String cEmail = email();
        long c = createUser(obj("user_email", cEmail)).get("user_id").asLong();

        Answer wrapped = api().put("/api/users/" + a + "/link.json", obj("user", obj("user_id", b)));
        assertThat(wrapped.status()).as(wrapped.body()).isEqualTo(200);
        assertThat(longs(wrapped.json().get("user").get("linked_users"))).containsExactly(b);

        Answer byEmail = api().put("/api/users/" + a + "/link.json", obj("user_email", cEmail.toUpperCase(Locale.ROOT)));
        assertThat(byEmail.status()).as(byEmail.body()).isEqualTo(200);
        assertThat(longs(byEmail.json().get("user").get("linked_users"))).containsExactlyInAnyOrder(b, c);
        assertThat(longs(getUser(api(), c).get("linked_users"))).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void linkToSomeoneUnknownIs404AndLinkToSelfChangesNothing() {
        long a = createUser(obj("user_email", email())).get("user_id").asLong();
        assertError(api().put("/api/users/" + a + "/link.json", obj("user_id", 999_999_999L)), 404, "user_not_found");
        assertError(api().put("/api/users/" + a + "/link.json", obj("user_email", email())), 404, "user_not_found");
        assertError(api().put("/api/users/999999999/link.json", obj("user_id", a)), 404, "user_not_found");
        assertError(api().put("/api/users/" + a + "/link.json", obj()), 400, "missing_field");
        Answer self = api().put("/api/users/" + a + "/link.json", obj("user_id", a));
        assertThat(self.status()).isEqualTo(200);
        assertThat(self.json().get("user").get("linked_users").size()).isZero();
    }

    @Test
    void unlinkTakesTheNamedProfileOut() {
        long a = createUser(obj("user_email", email())).get("user_id").asLong();
        long b = createUser(obj("user_email", email())).get("user_id").asLong();
        long c = createUser(obj("user_email", email())).get("user_id").asLong();
        api().put("/api/users/" + a + "/link.json", obj("user_id", b));
        api().put("/api/users/" + a + "/link.json", obj("user_id", c));
        assertThat(longs(getUser(api(), a).get("linked_users"))).containsExactlyInAnyOrder(b, c);

        Answer answer = api().put("/api/users/" + a + "/unlink.json", obj("user_id", b));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(longs(answer.json().get("user").get("linked_users"))).containsExactly(c);
        assertThat(getUser(api(), b).get("linked_users").size()).isZero();
        assertThat(longs(getUser(api(), c).get("linked_users"))).containsExactly(a);

        assertError(api().put("/api/users/" + a + "/unlink.json", obj("user_id", b)), 400, "user_not_linked");

        Answer wrappedSelf = api().put("/api/users/" + a + "/unlink.json", obj("user", obj("user_id", a)));
        assertThat(wrappedSelf.status()).as(wrappedSelf.body()).isEqualTo(200);
        assertThat(wrappedSelf.json().get("user").get("linked_users").size()).isZero();
        assertThat(getUser(api(), c).get("linked_users").size()).isZero();
    }
}
