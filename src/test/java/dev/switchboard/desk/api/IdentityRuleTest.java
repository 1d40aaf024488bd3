package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.channelCode;
import static dev.switchboard.desk.api.ApiFixtures.email;
import static dev.switchboard.desk.api.ApiFixtures.getUser;
import static dev.switchboard.desk.api.ApiFixtures.longs;
import static dev.switchboard.desk.api.ApiFixtures.newCase;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.phone;
import static dev.switchboard.desk.api.ApiFixtures.total;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.SwitchboardTest;

/**
 * Seed 004, point 4: a case with user_custom_id + channel finds or creates that channel's user;
 * an email or phone sent along links the user to the profile that has it, unless that email or
 * phone is already linked to another id of the same custom channel.
 */
class IdentityRuleTest extends SwitchboardTest {

    private DeskClient api() {
        return admin();
    }

    private JsonNode customCase(String channel, String customId, Object... more) {
        Map<String, Object> fields = obj("user_custom_id", customId, "channel", channel, "content", "hi");
        fields.putAll(obj(more));
        return newCase(api(), fields);
    }

    private long emailUser(String email) {
        Answer answer = api().post("/api/users.json", obj("user", obj("user_email", email)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("user").get("user_id").asLong();
    }

    private List<Long> linked(long userId) {
        return longs(getUser(api(), userId).get("linked_users"));
    }

    @Test
    void theSameCustomIdOnTheSameChannelIsTheSameUserAndKeepsWhatWasSentAlong() {
        String channel = channelCode(api());
        String customId = "my_u_id" + uid();

        long first = customCase(channel, customId).get("user_id").asLong();
        JsonNode second = customCase(channel, customId, "user_full_name", "Maria", "company_name", "Horns & Hooves");

        assertThat(second.get("user_id").asLong()).isEqualTo(first);
        JsonNode user = getUser(api(), first);
        assertThat(user.get("user_full_name").asText()).isEqualTo("Maria");
        assertThat(user.get("company_name").asText()).isEqualTo("Horns & Hooves");
        assertThat(total(api(), "/api/cases.json?user_id=" + first)).isEqualTo(2);
    }

    @Test
    void theSameCustomIdOnAnotherChannelIsAnotherUser() {
        String customId = "shared-" + uid();
        long a = customCase(channelCode(api()), customId).get("user_id").asLong();
        long b = customCase(channelCode(api()), customId).get("user_id").asLong();
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void aNumericCustomIdIsTheSameUserAsItsText() {
        // GoEdgar's bot sends a Telegram chat id as a JSON number
        String channel = channelCode(api());
        long chatId = Math.abs(java.util.UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L);
        long asNumber = newCase(api(), obj("user_custom_id", chatId, "channel", channel, "content", "x"))
                .get("user_id").asLong();
        long asText = customCase(channel, Long.toString(chatId)).get("user_id").asLong();
        assertThat(asText).isEqualTo(asNumber);
    }

    @Test
    void anEmailSentAlongLinksToTheUserWhoHasIt() {
        String email = email();
        long emailUser = emailUser(email);
        String channel = channelCode(api());

        long custom = customCase(channel, "c-" + uid(), "user_email", email).get("user_id").asLong();

        assertThat(custom).as("the case belongs to the channel's own user").isNotEqualTo(emailUser);
        assertThat(linked(custom)).containsExactly(emailUser);
        assertThat(linked(emailUser)).containsExactly(custom);
        assertThat(getUser(api(), custom).get("user_custom_channel").asText()).isEqualTo(channel);
    }

    @Test
    void anEmailAlreadyLinkedToAnotherIdOfTheSameChannelIsNotLinkedAgain() {
        String email = email();
        long emailUser = emailUser(email);
        String channel = channelCode(api());
        long first = customCase(channel, "first-" + uid(), "user_email", email).get("user_id").asLong();

        long second = customCase(channel, "second-" + uid(), "user_email", email).get("user_id").asLong();

        assertThat(second).isNotEqualTo(first);
        assertThat(linked(second)).isEmpty();
        assertThat(linked(emailUser)).containsExactly(first);
        // the same id again with the same email is fine and stays linked
        assertThat(customCase(channel, getUser(api(), first).get("user_custom_id").asText(), "user_email", email)
                .get("user_id").asLong()).isEqualTo(first);
        assertThat(linked(first)).containsExactly(emailUser);
    }

    @Test
    void anotherCustomChannelStillLinksToTheSameEmail() {
        String email = email();
        long emailUser = emailUser(email);
        long onA = customCase(channelCode(api()), "a-" + uid(), "user_email", email).get("user_id").asLong();

        long onB = customCase(channelCode(api()), "b-" + uid(), "user_email", email).get("user_id").asLong();

        assertThat(linked(emailUser)).containsExactlyInAnyOrder(onA, onB);
        assertThat(linked(onB)).containsExactlyInAnyOrder(emailUser, onA);
    }

    @Test
    void aNewEmailBecomesTheCustomUsersOwnAndThenBelongsToThatId() {
        String email = email();
        String channel = channelCode(api());
        long first = customCase(channel, "own-" + uid(), "user_email", email).get("user_id").asLong();

        // the code stores an email nobody had on the custom channel's user itself
        assertThat(getUser(api(), first).get("user_email").asText()).isEqualTo(email);
        assertError(api().post("/api/users.json", obj("user", obj("user_email", email))), 409, "email_already_exist");

        long second = customCase(channel, "other-" + uid(), "user_email", email).get("user_id").asLong();
        assertThat(linked(second)).isEmpty();
        assertThat(getUser(api(), second).get("user_email").asText()).isEmpty();
        assertThat(linked(first)).isEmpty();
    }

    @Test
    void aPhoneFollowsTheSameRule() {
        String phone = phone();
        Answer phoneUser = api().post("/api/users.json", obj("user", obj("user_phone", phone)));
        assertThat(phoneUser.status()).isEqualTo(201);
        long phoneUserId = phoneUser.json().get("user").get("user_id").asLong();
        String channel = channelCode(api());

        long first = customCase(channel, "p1-" + uid(), "user_phone", phone).get("user_id").asLong();
        long second = customCase(channel, "p2-" + uid(), "user_phone", phone).get("user_id").asLong();
        long otherChannel = customCase(channelCode(api()), "p3-" + uid(), "user_phone", phone).get("user_id").asLong();

        assertThat(linked(first)).contains(phoneUserId);
        assertThat(linked(second)).isEmpty();
        assertThat(linked(phoneUserId)).containsExactlyInAnyOrder(first, otherChannel);
    }

    @Test
    void emailAndPhoneOfTwoDifferentPeopleBothLink() {
        String email = email();
        String phone = phone();
        long emailUser = emailUser(email);
        long phoneUser = api().post("/api/users.json", obj("user", obj("user_phone", phone))).json().get("user")
                .get("user_id").asLong();

        long custom = customCase(channelCode(api()), "ep-" + uid(), "user_email", email, "user_phone", phone)
                .get("user_id").asLong();

        assertThat(linked(custom)).containsExactlyInAnyOrder(emailUser, phoneUser);
    }

    @Test
    void parallelCasesForOneNewCustomIdEndInOneUser() throws Exception {
        String channel = channelCode(api());
        String customId = "race-" + uid();

        List<Answer> answers = parallel(8, i -> () -> api().post("/api/cases.json", obj("case", obj(
                "user_custom_id", customId, "channel", channel, "content", "parallel " + i))));

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(201));
        List<Long> users = answers.stream().map(a -> a.json().get("case").get("user_id").asLong()).distinct().toList();
        assertThat(users).hasSize(1);
        assertThat(total(api(), "/api/users.json?user_custom_id=" + customId + "&user_custom_channel=" + channel))
                .isEqualTo(1);
        assertThat(total(api(), "/api/cases.json?user_id=" + users.get(0))).isEqualTo(8);
    }

    @Test
    void parallelCasesForOneNewEmailEndInOneUser() throws Exception {
        String email = email();
        List<Answer> answers = parallel(8, i -> () -> api().post("/api/cases.json", obj("case", obj(
                "user_email", email, "content", "parallel " + i))));

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(201));
        assertThat(answers.stream().map(a -> a.json().get("case").get("user_id").asLong()).distinct()).hasSize(1);
        assertThat(total(api(), "/api/users.json?user_email=" + email)).isEqualTo(1);
    }

    /**
     * Six new ids of one channel, each sending the email of an existing user, at once: only one may
     * be linked to it. Eight rounds, because the race does not show every time.
     */
    @Test
    void parallelNewIdsOfOneChannelWithTheSameEmailLinkOnlyOne() throws Exception {
        for (int round = 0; round < 8; round++) {
            String email = email();
            long emailUser = emailUser(email);
            String channel = channelCode(api());
            String prefix = "same-mail-" + uid() + "-";

            List<Answer> answers = parallel(6, i -> () -> api().post("/api/cases.json", obj("case", obj(
                    "user_custom_id", prefix + i, "channel", channel, "user_email", email, "content", "x"))));

            assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(201));
            assertThat(answers.stream().map(a -> a.json().get("case").get("user_id").asLong()).distinct())
                    .hasSize(6);
            assertThat(linked(emailUser)).as("round " + round + ": only one id of " + channel
                    + " may be linked to " + email).hasSize(1);
        }
    }

    /** Runs n calls at once (released together) and answers their results in call order. */
    private static List<Answer> parallel(int n, IntFunction<java.util.concurrent.Callable<Answer>> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                java.util.concurrent.Callable<Answer> task = call.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
