package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.botframework.Auth;
import dev.switchboard.channel.botframework.FakeBotConnector;

/**
 * Customers writing through the Bot Framework: signed {@code message} Activities POSTed to
 * {@code /channels/botframework/<name>/messages} as the Bot Connector sends them (one 1:1
 * conversation per customer, its messages one after the other). A message is accepted when it is
 * answered 200 (Switchboard answers once it is on the broker; it is stored afterwards).
 * <p>
 * Like the real Connector, the channel reuses its JWT (valid for an hour) rather than signing each
 * request: RSA signing would cost the load generator more CPU than Switchboard spends checking.
 */
final class BotFrameworkIngestion {

    private static final Duration TOKEN_REUSE = Duration.ofMinutes(20);

    private final Ledger ledger;
    private final FakeBotConnector connector;
    private final String endpoint;
    private final ConversationPool pool;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String authorization;
    private volatile long signedAt;

    BotFrameworkIngestion(Ledger ledger, FakeBotConnector connector, String endpoint, ConversationPool pool) {
        this.ledger = ledger;
        this.connector = connector;
        this.endpoint = endpoint;
        this.pool = pool;
    }

    RoundTripDriver.Run closedLoop(String phase, int inFlight, Duration duration) {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            Thread sender = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    Conversation conversation = pool.take();
                    boolean accepted = post(phase, conversation);
                    pool.giveBack(conversation);
                    if (!accepted) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                }
            }, phase + "-sender-" + i);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new RoundTripDriver.Run(phase, start, deadline, 0, 0);
    }

    private boolean post(String phase, Conversation conversation) {
        String key = conversation.key(conversation.next());
        Ledger.Entry entry = ledger.entry(key, phase, false, System.nanoTime());
        String user = "29:" + conversation.customId();
        ObjectNode activity = connector.activity("message").id(key).conversation(user)
                .from(user, "Customer " + conversation.name()).text(Conversation.text(key)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(CustomerClient.TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Microsoft-BotFramework/3.1 (benchmark)")
                .header("Authorization", authorization(activity))
                .POST(HttpRequest.BodyPublishers.ofString(activity.toString())).build();
        ledger.sent(entry, System.nanoTime());
        boolean accepted = false;
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                ledger.accepted(entry, 200, System.nanoTime());
                accepted = true;
                if (conversation.next() == 0) {
                    conversation.opened(0, 0);
                }
            } else {
                ledger.refused(entry, response.statusCode(), response.body());
            }
        } catch (IOException e) {
            ledger.refused(entry, 0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ledger.refused(entry, 0, e.toString());
        }
        conversation.advance();
        return accepted;
    }

    /** Every activity has the same serviceUrl, so one token covers them all. */
    private String authorization(ObjectNode activity) {
        if (authorization == null || System.nanoTime() - signedAt > TOKEN_REUSE.toNanos()) {
            synchronized (this) {
                if (authorization == null || System.nanoTime() - signedAt > TOKEN_REUSE.toNanos()) {
                    authorization = connector.authorization(activity, Auth.VALID);
                    signedAt = System.nanoTime();
                }
            }
        }
        return authorization;
    }
}
