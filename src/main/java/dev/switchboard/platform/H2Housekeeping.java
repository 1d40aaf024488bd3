package dev.switchboard.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.RoutePolicySupport;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Keeps the embedded H2 file from growing without end, and makes it durable every interval. H2
 * compacts its file in a background writer, and runs none with {@code WRITE_DELAY=0} — the setting
 * that writes every commit before it returns, which Switchboard needs so that nothing answered 2xx
 * is lost in a crash. Without it, chunks that still hold a few live pages are never rewritten and
 * their space is never reused: in the soak the file grew by about 44 KB per message.
 * <p>
 * Two routes do the background writer's work:
 * <ul>
 * <li>{@code h2-sync} fsyncs the file every {@code switchboard.h2.sync-interval}. H2 writes a
 * commit without forcing it to the disk, and keeps every chunk that no longer holds live data for
 * its retention time (45 s) before it reuses its space, on the assumption that the operating
 * system has written it by then; under load that window is most of the file (in the soak 6,000
 * dead chunks of 7,900, 80 % of 240 MB). With the file forced every interval the assumption holds
 * after the interval, so the retention time is lowered to {@code switchboard.h2.retention-time}
 * (5 s) once a sync has succeeded — and put back to H2's when one fails or the route stops. A
 * power loss then loses at most the commits of the last interval, where it could lose half a
 * minute's before. The sync has a route and thread of its own, so that a compaction waiting for
 * the store's lock never holds it up.</li>
 * <li>{@code h2-housekeeping} compacts, every {@code switchboard.h2.housekeeping-interval}: when
 * less than {@link #TARGET_FILL_RATE}% of the chunks is live, the emptiest chunks' live pages are
 * written anew (at most {@code switchboard.h2.housekeeping-write-limit} a time) and the chunks'
 * space is reused once the retention time has passed; when less than that share of the file is in
 * use, chunks are moved into its holes and its end is cut off. The commit after a step writes the
 * pages it rewrote while every other commit waits, so the steps are small and often (1 MB every
 * second): 8 MB every 10 s held answers for 160-500 ms each time.</li>
 * </ul>
 * <p>
 * Only on the embedded file database: on PostgreSQL (or an H2 server) the route is not there.
 */
@Component("h2Housekeeping")
public class H2Housekeeping extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    /** H2's own background writer aims at 90 % when idle and half that when busy. */
    static final int TARGET_FILL_RATE = 50;
    /** H2's retention time, which assumes the operating system writes a chunk within it. */
    static final int H2_RETENTION_TIME = 45_000;
    private static final String FILE_URL = "jdbc:h2:file:";

    private final DataSource dataSource;
    private final String url;
    /** The most bytes of live pages rewritten (or chunks moved) a time: the next commit writes them. */
    private final int writeLimit;
    /** How long a dead chunk is kept while the file is forced every interval, in ms. */
    private final int retentionTime;
    private final Timer syncs;
    /** What the last compaction saw, for the gauges: read without a connection from the pool. */
    private volatile long fileSize = -1;
    private volatile int fileInUse = -1;
    private volatile int chunksLive = -1;

    public H2Housekeeping(DataSource dataSource, @Value("${spring.datasource.url:}") String url,
            @Value("${switchboard.h2.housekeeping-write-limit:1MB}") DataSize writeLimit,
            @Value("${switchboard.h2.sync-interval:1s}") Duration syncInterval,
            @Value("${switchboard.h2.retention-time:5s}") Duration retentionTime, MeterRegistry meters) {
        if (retentionTime.compareTo(syncInterval.multipliedBy(2)) < 0) {
            // a chunk must be on the disk before its space may be reused: the file is forced once an interval
            throw new IllegalArgumentException("switchboard.h2.retention-time (" + retentionTime
                    + ") must be at least twice switchboard.h2.sync-interval (" + syncInterval + ")");
        }
        this.dataSource = dataSource;
        this.url = url;
        this.writeLimit = Math.toIntExact(writeLimit.toBytes());
        this.retentionTime = Math.toIntExact(retentionTime.toMillis());
        // the metrics only where the routes run: the embedded file database
        this.syncs = Timer.builder("switchboard.h2.sync").description("Forcing the embedded H2 file to the disk")
                .register(url.startsWith(FILE_URL) ? meters : new SimpleMeterRegistry());
        if (url.startsWith(FILE_URL)) {
            Gauge.builder("switchboard.h2.file.size", this, h -> h.fileSize).baseUnit("bytes")
                    .description("Size of the embedded H2 file").register(meters);
            Gauge.builder("switchboard.h2.file.in.use", this, h -> h.fileInUse).baseUnit("percent")
                    .description("Share of the embedded H2 file that chunks take; below 50 the housekeeping moves them")
                    .register(meters);
            Gauge.builder("switchboard.h2.chunks.live", this, h -> h.chunksLive).baseUnit("percent")
                    .description("Live share of the chunks, dead ones in their retention time included;"
                            + " below 50 the housekeeping rewrites the emptiest")
                    .register(meters);
        }
    }

    @Override
    public void configure() {
        if (!url.startsWith(FILE_URL)) {
            return;
        }
        from("timer:h2-sync?period={{switchboard.h2.sync-interval}}&delay=1s")
                .routeId("h2-sync")
                .routeDescription("Forces the embedded H2 file to the disk, which H2 does not do itself with WRITE_DELAY=0;"
                        + " dead chunks are kept shorter meanwhile")
                .routePolicy(new RoutePolicySupport() {
                    @Override
                    public void onStop(Route route) {
                        keepDeadChunksAsH2Does();
                    }

                    @Override
                    public void onSuspend(Route route) {
                        keepDeadChunksAsH2Does();
                    }
                })
                .bean("h2Housekeeping", "sync");
        from("timer:h2-housekeeping?period={{switchboard.h2.housekeeping-interval}}&delay=10s")
                .routeId("h2-housekeeping")
                .routeDescription("Compacts the embedded H2 file, which H2 does not do itself with WRITE_DELAY=0")
                .bean("h2Housekeeping", "compact");
    }

    /**
     * Forces every commit written so far to the disk; once that has succeeded, a dead chunk's space
     * may be reused after the shorter retention time. When it fails, H2's own is put back first.
     */
    public void sync() throws SQLException {
        MVStore store = store();
        if (store == null || store.getFileStore() == null) {
            return;
        }
        try {
            syncs.record(store::sync);
        } catch (RuntimeException e) {
            store.setRetentionTime(H2_RETENTION_TIME);
            throw e;
        }
        store.setRetentionTime(retentionTime);
    }

    /** Without the sync every interval, dead chunks are kept as long as H2 keeps them. */
    void keepDeadChunksAsH2Does() {
        try {
            MVStore store = store();
            if (store != null && !store.isClosed()) {
                store.setRetentionTime(H2_RETENTION_TIME);
            }
        } catch (SQLException | RuntimeException e) {
            // the database is closing with the application: nothing is reused any more
            LOG.debug("SB-0203 H2 retention time not put back: {}", e.getMessage());
        }
    }

    /**
     * What H2's background writer does: first the emptiest chunks' live pages are written anew,
     * then, when the file has holes, chunks are moved into them and the file's end is cut off.
     * Returns whether anything was rewritten or moved.
     */
    public boolean compact() throws SQLException {
        MVStore store = store();
        if (store == null || store.getFileStore() == null) {
            return false;
        }
        int chunksFillRate = store.getFileStore().getChunksFillRate();
        long started = System.nanoTime();
        boolean rewritten = store.compact(TARGET_FILL_RATE, writeLimit);
        if (rewritten) {
            LOG.debug("SB-0201 H2 file compacted: {}% of its chunks was live ({} ms)", chunksFillRate,
                    (System.nanoTime() - started) / 1_000_000);
        }
        boolean moved = false;
        if (store.getFileStore() instanceof RandomAccessStore file && file.getFillRate() < TARGET_FILL_RATE) {
            long before = file.size();
            started = System.nanoTime();
            file.compactMoveChunks(TARGET_FILL_RATE, writeLimit, store);
            moved = true;
            LOG.debug("SB-0202 H2 file: chunks moved into its holes, {} -> {} bytes ({} ms)", before, file.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        fileSize = store.getFileStore().size();
        fileInUse = store.getFileStore() instanceof RandomAccessStore file ? file.getFillRate() : -1;
        chunksLive = store.getFileStore().getChunksFillRate();
        return rewritten || moved;
    }

    /** How long H2 keeps a dead chunk now, in ms (-1: no file store). */
    int retentionTime() throws SQLException {
        MVStore store = store();
        return store == null || store.getFileStore() == null ? -1 : store.getRetentionTime();
    }

    /** How much of the file is in use, in % (-1: no file store): what moving chunks raises. */
    int fileFillRate() throws SQLException {
        MVStore store = store();
        return store != null && store.getFileStore() instanceof RandomAccessStore file ? file.getFillRate() : -1;
    }

    /** How much of the chunks written is live, in %: what the compaction raises (-1: no file store). */
    int chunksFillRate() throws SQLException {
        MVStore store = store();
        return store == null || store.getFileStore() == null ? -1 : store.getFileStore().getChunksFillRate();
    }

    /** The store of the embedded database behind the pool, or null for any other. */
    private MVStore store() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return null;
            }
            return session.getDatabase().getStore().getMvStore();
        }
    }
}
