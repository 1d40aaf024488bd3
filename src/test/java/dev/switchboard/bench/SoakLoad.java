package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.botframework.Auth;
import dev.switchboard.channel.botframework.FakeBotConnector;
import dev.switchboard.support.Multipart;

/**
 * The soak's customers, at fixed offered rates (open loop: a message is sent when it is due,
 * whatever the earlier ones are doing):
 * <ul>
 * <li>on the custom channel, conversations that <em>end</em>: each writes {@code min..max}
 * messages, waiting for the bot's answer at the webhook plus a think time before the next; then
 * it goes silent and its live chat ends by idle closure. Some go silent half-way for longer than
 * the idle timeout and then write again in the same case (the chat starts again, the bot gets a
 * new {@code new_chat}). A due message goes to a conversation that is ready; when none is, a new
 * conversation (a new case) starts, so new conversations start all the time. A few messages carry
 * a file (multipart upload: the attachment store and table);</li>
 * <li>through the Bot Framework endpoint (signed activities), short conversations at a low rate
 * (the broker's inbound queue, the dedup table, conversations);</li>
 * <li>now and then the channel's webhook receiver is down for a few seconds (503, every other time
 * with Retry-After), so deliveries park, the case is held and the retry poller sends them on.</li>
 * </ul>
 */
final class SoakLoad {

    /** A conversation of the custom channel and its plan. */
    private static final class Talk {
        final Conversation conversation;
        /** After this many messages it goes silent until its chat has ended (-1: never). */
        final int pauseAfter;
        long readyAt;

        Talk(Conversation conversation, int pauseAfter) {
            this.conversation = conversation;
            this.pauseAfter = pauseAfter;
        }
    }

    /** A receiver outage: when it began (seconds into the load), how long, and the Retry-After it sent (0: none). */
    record Outage(double startSecond, double seconds, int retryAfter) {
    }

    static final String PHASE = "soak";
    static final String BF_PHASE = "soak-bf";
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

    private final SoakConfig config;
    private final Ledger ledger;
    private final CustomerClient customers;
    private final String base;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    // thread-safe: the sender and the answer callbacks draw from it
    private final Random random = new Random(20261201L);
    private final PriorityQueue<Talk> ready = new PriorityQueue<>((a, b) -> Long.compare(a.readyAt, b.readyAt));
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong conversations = new AtomicLong();
    private final AtomicLong returning = new AtomicLong();
    private final AtomicLong withFiles = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong answerTimeouts = new AtomicLong();
    private final List<Outage> outages = new ArrayList<>();
    private final long pause;

    SoakLoad(SoakConfig config, Ledger ledger, CustomerClient customers, String base, String email, String apiKey) {
        this.config = config;
        this.ledger = ledger;
        this.customers = customers;
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((email + ":" + apiKey)
                .getBytes(StandardCharsets.UTF_8));
        // silent past the idle timeout and two scans: the chat has surely ended when it writes again
        this.pause = config.idleTimeout().plus(config.idleScan().multipliedBy(2)).plusSeconds(2).toNanos();
    }

    // ---- the custom channel: the bot round trip --------------------------------------------------

    /** Sends {@code rate} customer messages per second until {@code deadline} (nanoTime); returns when done. */
    void roundTrips(long start, long deadline) {
        double interval = 1e9 / config.rate();
        int maxOutstanding = Math.max(200, config.rate() * 30);
        for (long i = 0;; i++) {
            long due = start + Math.round(i * interval);
            if (due >= deadline) {
                break;
            }
            sleepUntil(due);
            if (outstanding.get() >= maxOutstanding) {
                skipped.incrementAndGet();
                continue;
            }
            Talk talk = nextReady(System.nanoTime());
            Conversation conversation = talk.conversation;
            Ledger.Entry entry = ledger.entry(conversation.key(conversation.next()), PHASE, true, due);
            boolean file = conversation.next() > 0 && random.nextDouble() < config.attachmentShare();
            outstanding.incrementAndGet();
            CompletableFuture<Boolean> post = file ? postWithFile(conversation, entry) : customers.postAsync(conversation, entry);
            post.whenComplete((accepted, error) -> {
                outstanding.decrementAndGet();
                if (Boolean.TRUE.equals(accepted)) {
                    // the customer reads the answer, thinks, and writes again (or goes silent)
                    entry.answer.orTimeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .whenComplete((at, late) -> {
                                if (late != null) {
                                    answerTimeouts.incrementAndGet();
                                }
                                again(talk);
                            });
                } else if (conversation.open() && !conversation.finished()) {
                    again(talk);
                }
                // a conversation whose case could not be opened, or one that is finished, is left
            });
        }
    }

    private Talk nextReady(long now) {
        synchronized (ready) {
            Talk head = ready.peek();
            if (head != null && head.readyAt <= now) {
                return ready.poll();
            }
        }
        int messages = config.minMessages() + random.nextInt(config.maxMessages() - config.minMessages() + 1);
        int pauseAfter = messages >= 2 && random.nextDouble() < config.returnShare() ? 1 + random.nextInt(messages - 1) : -1;
        conversations.incrementAndGet();
        if (pauseAfter > 0) {
            returning.incrementAndGet();
        }
        return new Talk(ledger.newConversation("c", messages), pauseAfter);
    }

    private void again(Talk talk) {
        Conversation conversation = talk.conversation;
        if (conversation.finished()) {
            return;
        }
        long now = System.nanoTime();
        long think;
        if (conversation.next() == talk.pauseAfter) {
            think = pause;
        } else {
            long min = config.thinkMin().toNanos();
            long max = config.thinkMax().toNanos();
            think = min + (long) (random.nextDouble() * Math.max(0, max - min));
        }
        talk.readyAt = now + think;
        synchronized (ready) {
            ready.add(talk);
        }
    }

    /** A customer message with a small file, as Omnidesk clients upload them. */
    private CompletableFuture<Boolean> postWithFile(Conversation conversation, Ledger.Entry entry) {
        withFiles.incrementAndGet();
        byte[] content = new byte[1024 + random.nextInt(8192)];
        random.nextBytes(content);
        Multipart form = Multipart.form().field("message[content]", Conversation.text(entry.key))
                .field("message[user_id]", Long.toString(conversation.userId()))
                .file("message[attachments][0]", "soak-" + entry.key + ".bin", "application/octet-stream", content);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/cases/" + conversation.caseId()
                        + "/messages.json")).timeout(CustomerClient.TIMEOUT)
                .header("Authorization", authorization).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build();
        ledger.sent(entry, System.nanoTime());
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (response != null && response.statusCode() == 201) {
                ledger.accepted(entry, 201, System.nanoTime());
                conversation.advance();
                return true;
            }
            ledger.refused(entry, response == null ? 0 : response.statusCode(),
                    error != null ? error.toString() : response.body());
            conversation.advance();
            return false;
        });
    }

    /** Waits until no customer POST is unanswered (at most {@code timeout}). */
    boolean awaitPosts(Duration timeout) {
        return RoundTripDriver.await(() -> outstanding.get() == 0, timeout);
    }

    // ---- the Bot Framework endpoint ---------------------------------------------------------------

    /** {@code bfRate} signed activities per second until {@code deadline}: short 1:1 conversations. */
    void botFramework(FakeBotConnector connector, String endpoint, long start, long deadline) {
        if (config.bfRate() == 0) {
            return;
        }
        // each conversation writes a message every few seconds, three in all, then is replaced
        ConversationPool pool = new ConversationPool(ledger, "b", Math.max(2, config.bfRate() * 3), 3);
        String token = null;
        long signedAt = 0;
        double interval = 1e9 / config.bfRate();
        for (long i = 0;; i++) {
            long due = start + Math.round(i * interval);
            if (due >= deadline) {
                break;
            }
            sleepUntil(due);
            Conversation conversation = pool.take();
            String key = conversation.key(conversation.next());
            Ledger.Entry entry = ledger.entry(key, BF_PHASE, false, due);
            String user = "29:" + conversation.customId();
            ObjectNode activity = connector.activity("message").id(key).conversation(user)
                    .from(user, "Customer " + conversation.name()).text(Conversation.text(key)).build();
            // like the Connector: one token (valid for an hour) for many requests
            if (token == null || System.nanoTime() - signedAt > TimeUnit.MINUTES.toNanos(20)) {
                token = connector.authorization(activity, Auth.VALID);
                signedAt = System.nanoTime();
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(CustomerClient.TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Microsoft-BotFramework/3.1 (soak)")
                    .header("Authorization", token)
                    .POST(HttpRequest.BodyPublishers.ofString(activity.toString())).build();
            ledger.sent(entry, System.nanoTime());
            outstanding.incrementAndGet();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                if (response != null && response.statusCode() == 200) {
                    ledger.accepted(entry, 200, System.nanoTime());
                    if (conversation.next() == 0) {
                        conversation.opened(0, 0);
                    }
                } else {
                    ledger.refused(entry, response == null ? 0 : response.statusCode(),
                            error != null ? error.toString() : response.body());
                }
                conversation.advance();
                pool.giveBack(conversation);
                outstanding.decrementAndGet();
            });
        }
    }

    // ---- the receiver going down ----------------------------------------------------------------

    /** Takes the receiver down for {@code outageLength} every {@code outageEvery}, the first after half a period. */
    void outages(ChannelReceiver receiver, long start, long deadline) {
        if (config.outageEvery().isZero() || config.outageLength().isZero()) {
            return;
        }
        long every = config.outageEvery().toNanos();
        for (int n = 0;; n++) {
            long at = start + every / 2 + n * every;
            if (at + config.outageLength().toNanos() >= deadline) {
                break;
            }
            sleepUntil(at);
            int retryAfter = n % 2 == 1 ? 2 : 0;
            receiver.refuseFor(config.outageLength().toMillis(), retryAfter);
            synchronized (outages) {
                outages.add(new Outage(SoakSampler.round((System.nanoTime() - start) / 1e9),
                        config.outageLength().toMillis() / 1000.0, retryAfter));
            }
            System.out.printf("[soak] %.0f s into the load: receiver down for %d s%s%n", (System.nanoTime() - start) / 1e9,
                    config.outageLength().toSeconds(), retryAfter > 0 ? " (503 with Retry-After: " + retryAfter + ")" : " (503)");
        }
    }

    List<Outage> outageList() {
        synchronized (outages) {
            return List.copyOf(outages);
        }
    }

    Map<String, Object> counts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("custom_channel_conversations", conversations.get());
        counts.put("conversations_returning_after_their_chat_ended", returning.get());
        counts.put("messages_with_a_file", withFiles.get());
        counts.put("due_messages_skipped_too_many_unanswered_posts", skipped.get());
        counts.put("answers_waited_for_in_vain", answerTimeouts.get());
        counts.put("receiver_outages", outageList().size());
        return counts;
    }

    private static void sleepUntil(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(wait, 5_000_000));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
