package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;

/**
 * The machine's limit for Switchboard's building blocks, measured in the harness JVM while
 * Switchboard is not running, with Switchboard's own durable settings (no benchmark-only ones):
 * <ul>
 * <li>the embedded broker as Switchboard configures it (Spring Boot's embedded Artemis:
 * persistent, NIO journal with datasync and Switchboard's
 * {@code switchboard.broker.journal-buffer-timeout}; in-VM connections): persistent messages sent
 * and received per second, 1 KiB each, in three patterns — blocking sends (1 and 4 producers, as
 * the Bot Framework endpoint sends), and transacted batches of 50 with 8 transacted consumers (as
 * the outbox relay and the delivery consumers do);</li>
 * <li>the database Switchboard runs on — H2 with Switchboard's URL options
 * ({@code WRITE_DELAY=0}, ...) or PostgreSQL with fsync and synchronous commit — single-row
 * inserts, one row per commit, with 1 and 4 threads.</li>
 * </ul>
 */
final class MachineLimits {

    /** Switchboard's H2 URL options (application.yaml). */
    static final String H2_OPTIONS = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    private static final int SERVER_ID = 4711;
    private static final String BODY = "x".repeat(1024);

    private final Path directory;
    private final Duration duration;

    MachineLimits(Path directory, Duration duration) {
        this.directory = directory;
        this.duration = duration;
    }

    // ---- broker ---------------------------------------------------------------------------------

    /**
     * Switchboard's logging (application.yaml) keeps the broker's audit log at WARN; at INFO it
     * writes two lines per message, which the broker's limit would be measured with.
     */
    private static void quietAudit() {
        if (LoggerFactory.getLogger("org.apache.activemq.audit") instanceof ch.qos.logback.classic.Logger audit) {
            audit.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** Messages per second through the embedded broker, by pattern. */
    Map<String, Double> broker() {
        Map<String, Double> rates = new LinkedHashMap<>();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        Path data = directory.resolve("artemis");
        ConfigurationImpl configuration = new ConfigurationImpl();
        // what Spring Boot's ArtemisEmbeddedConfigurationFactory sets for spring.artemis.embedded.persistent=true
        configuration.setSecurityEnabled(false);
        configuration.setPersistenceEnabled(true);
        configuration.setJournalType(JournalType.NIO);
        configuration.setJournalDirectory(data.resolve("journal").toString());
        configuration.setBindingsDirectory(data.resolve("bindings").toString());
        configuration.setLargeMessagesDirectory(data.resolve("largemessages").toString());
        configuration.setPagingDirectory(data.resolve("paging").toString());
        configuration.setJMXManagementEnabled(false);
        int flushNanos = Math.toIntExact(journalBufferTimeout().toNanos());
        configuration.setJournalBufferTimeout_NIO(flushNanos);
        configuration.setJournalBufferTimeout_AIO(flushNanos);
        configuration.getAcceptorConfigurations().add(new TransportConfiguration(InVMAcceptorFactory.class.getName(),
                Map.of("serverId", SERVER_ID)));
        broker.setConfiguration(configuration);
        quietAudit();
        try {
            broker.start();
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://" + SERVER_ID)) {
                rates.put("blocking_sends_1_producer_1_consumer", pattern(factory, "limit.blocking1", 1, 1, 1));
                rates.put("blocking_sends_4_producers_4_consumers", pattern(factory, "limit.blocking4", 4, 4, 1));
                rates.put("transacted_batches_of_50_8_consumers", pattern(factory, "limit.batch50", 1, 8, 50));
            }
        } catch (Exception e) {
            throw new IllegalStateException("broker limit", e);
        } finally {
            try {
                broker.stop();
            } catch (Exception ignored) {
                // measured already
            }
        }
        return rates;
    }

    /** Switchboard's own value, read once from its application.yaml (the harness has it on its classpath). */
    static Duration journalBufferTimeout() {
        return JOURNAL_BUFFER_TIMEOUT;
    }

    private static final Duration JOURNAL_BUFFER_TIMEOUT = readJournalBufferTimeout();

    private static Duration readJournalBufferTimeout() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yaml"));
        String value = yaml.getObject().getProperty("switchboard.broker.journal-buffer-timeout");
        if (value == null) {
            throw new IllegalStateException("application.yaml has no switchboard.broker.journal-buffer-timeout");
        }
        return DurationStyle.detectAndParse(value);
    }

    /**
     * {@code producers} sending persistent messages ({@code batch} 1: a blocking send each, else a
     * transacted session committing every {@code batch}), {@code consumers} receiving in transacted
     * sessions committing each message; at most 2,000 messages waiting. Received per second.
     */
    private double pattern(ActiveMQConnectionFactory factory, String queueName, int producers, int consumers, int batch)
            throws JMSException, InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong received = new AtomicLong();
        Semaphore backlog = new Semaphore(2000);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        try (var connection = factory.createConnection()) {
            connection.start();
            for (int i = 0; i < consumers; i++) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
                threads.add(thread(errors, () -> {
                    while (running.get()) {
                        if (consumer.receive(100) != null) {
                            session.commit();
                            received.incrementAndGet();
                            backlog.release();
                        }
                    }
                    session.close();
                }));
            }
            for (int i = 0; i < producers; i++) {
                boolean transacted = batch > 1;
                Session session = connection.createSession(transacted, transacted ? Session.SESSION_TRANSACTED
                        : Session.AUTO_ACKNOWLEDGE);
                Queue queue = session.createQueue(queueName);
                MessageProducer producer = session.createProducer(queue);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                threads.add(thread(errors, () -> {
                    while (running.get()) {
                        if (!backlog.tryAcquire(batch, 100, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        for (int m = 0; m < batch; m++) {
                            producer.send(session.createTextMessage(BODY));
                        }
                        if (transacted) {
                            session.commit();
                        }
                    }
                    session.close();
                }));
            }
            threads.forEach(Thread::start);
            long warm = warmup();
            Thread.sleep(warm);
            long before = received.get();
            long start = System.nanoTime();
            Thread.sleep(duration.toMillis() - warm);
            double rate = (received.get() - before) / ((System.nanoTime() - start) / 1e9);
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            if (!errors.isEmpty()) {
                throw new IllegalStateException("broker pattern " + queueName + " failed", errors.get(0));
            }
            return round(rate);
        }
    }

    // ---- database -------------------------------------------------------------------------------

    /** Where the database limit is measured: JDBC URL, user, password. */
    record Database(String name, String url, String user, String password) {
    }

    Database h2() {
        try {
            Files.createDirectories(directory.resolve("db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Database("h2", "jdbc:h2:file:" + directory.resolve("db").resolve("limits") + H2_OPTIONS, "sa", "");
    }

    /** Durable single-row inserts per second (one row per commit) with 1 and 4 threads. */
    Map<String, Double> database(Database database) {
        Map<String, Double> rates = new LinkedHashMap<>();
        try (Connection setup = connect(database); Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_rows");
            statement.execute("CREATE TABLE bench_rows (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "conversation VARCHAR(100) NOT NULL, body VARCHAR(2000) NOT NULL, created_at TIMESTAMP NOT NULL)");
            for (int threads : new int[] {1, 4}) {
                rates.put("single_row_commits_" + threads + (threads == 1 ? "_thread" : "_threads"), inserts(database, threads));
            }
            statement.execute("DROP TABLE bench_rows");
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("database limit on " + database.name(), e);
        }
        return rates;
    }

    private double inserts(Database database, int threads) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong committed = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        String body = "y".repeat(500);
        for (int i = 0; i < threads; i++) {
            int worker = i;
            workers.add(thread(errors, () -> {
                try (Connection connection = connect(database);
                        PreparedStatement insert = connection.prepareStatement(
                                "INSERT INTO bench_rows (conversation, body, created_at) VALUES (?, ?, ?)")) {
                    connection.setAutoCommit(false);
                    long n = 0;
                    while (running.get()) {
                        insert.setString(1, "w" + worker + "-" + n++);
                        insert.setString(2, body);
                        insert.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                        insert.executeUpdate();
                        connection.commit();
                        committed.incrementAndGet();
                    }
                }
            }));
        }
        workers.forEach(Thread::start);
        long warm = warmup();
        Thread.sleep(warm);
        long before = committed.get();
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis() - warm);
        double rate = (committed.get() - before) / ((System.nanoTime() - start) / 1e9);
        running.set(false);
        for (Thread worker : workers) {
            worker.join(10_000);
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("inserts failed", errors.get(0));
        }
        return round(rate);
    }

    private static Connection connect(Database database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        return DriverManager.getConnection(database.url(), properties);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The first part of each measurement is not counted (JIT, journal files created). */
    private long warmup() {
        return Math.min(2000, duration.toMillis() / 5);
    }

    interface Body {
        void run() throws Exception;
    }

    private static Thread thread(List<Throwable> errors, Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                synchronized (errors) {
                    errors.add(e);
                }
            }
        }, "machine-limit");
        thread.setDaemon(true);
        return thread;
    }

    private static double round(double rate) {
        return Math.round(rate * 10) / 10.0;
    }
}
