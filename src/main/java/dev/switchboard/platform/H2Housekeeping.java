package dev.switchboard.platform;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.camel.builder.RouteBuilder;
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
 * Keeps the embedded H2 file from growing without end. H2 compacts its file in a background
 * writer, and runs none with {@code WRITE_DELAY=0} — the setting that writes every commit before
 * it returns, which Switchboard needs so that nothing answered 2xx is lost in a crash. Without it,
 * chunks that still hold a few live pages are never rewritten and their space is never reused:
 * in the soak the file grew by about 44 KB per message.
 * This route does the background writer's housekeeping: every period, when less than
 * {@link #TARGET_FILL_RATE}% of the chunks is live, the emptiest chunks' live pages are written
 * anew (at most {@code switchboard.h2.housekeeping-write-limit} a time) and the chunks' space is
 * reused once H2's retention time (45 s) has passed; when less than that share of the file is in
 * use, chunks are moved into its holes and its end is cut off. The commit after a step writes the
 * pages it rewrote while every other commit waits, so the steps are small and often (1 MB every
 * second): 8 MB every 10 s held answers for 160-500 ms each time. In the soak (30 round trips/s) the file grew by
 * 82 MB a minute without this route and by about 5 MB a minute with it; the data itself is a
 * fraction of that (17 MB after 30 minutes, compacted), so it still grows faster than its data —
 * see README, the soak.
 * <p>
 * Only on the embedded file database: on PostgreSQL (or an H2 server) the route is not there.
 */
@Component("h2Housekeeping")
public class H2Housekeeping extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    /** H2's own background writer aims at 90 % when idle and half that when busy. */
    static final int TARGET_FILL_RATE = 50;

    private final DataSource dataSource;
    private final String url;
    /** The most bytes of live pages rewritten (or chunks moved) a time: the next commit writes them. */
    private final int writeLimit;

    public H2Housekeeping(DataSource dataSource, @Value("${spring.datasource.url:}") String url,
            @Value("${switchboard.h2.housekeeping-write-limit:1MB}") DataSize writeLimit) {
        this.dataSource = dataSource;
        this.url = url;
        this.writeLimit = Math.toIntExact(writeLimit.toBytes());
    }

    @Override
    public void configure() {
        if (!url.startsWith("jdbc:h2:file:")) {
            return;
        }
        from("timer:h2-housekeeping?period={{switchboard.h2.housekeeping-interval}}&delay=10s")
                .routeId("h2-housekeeping")
                .routeDescription("Compacts the embedded H2 file, which H2 does not do itself with WRITE_DELAY=0")
                .bean("h2Housekeeping", "compact");
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
        return rewritten || moved;
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
