package dev.switchboard.attachment;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes files that never got a message once they are a day old: a request that stored files and
 * then could not write its message removes them itself, so these are what a crash left. A Camel
 * timer route, so it shows in Hawtio next to the others. A file's content goes only after its row
 * was deleted as belonging to no message, so a file in use is never touched.
 */
@Component
public class AttachmentCleanup extends RouteBuilder {

    /** Files without a message younger than this may still be on their way to one. */
    static final Duration ORPHAN_AGE = Duration.ofDays(1);
    private static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(AttachmentCleanup.class);

    private final AttachmentRepository repository;
    private final AttachmentStore store;
    private final Clock clock;

    public AttachmentCleanup(AttachmentRepository repository, AttachmentStore store, Clock clock) {
        this.repository = repository;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("timer:attachment-cleanup?period=1h&delay=1m").routeId("attachment-cleanup")
                .routeDescription("Removes stored files whose message was never written (older than a day)")
                .process(exchange -> removeOrphans());
    }

    /** Removes every orphan older than a day, in batches; how many it removed. */
    public int removeOrphans() {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(ORPHAN_AGE);
        int removed = 0;
        long after = 0;
        while (true) {
            List<Attachment> orphans = repository.orphans(before, after, BATCH);
            for (Attachment orphan : orphans) {
                after = orphan.id();
                if (!repository.delete(orphan.id())) {
                    continue; // given to a message since it was read
                }
                try {
                    store.delete(orphan.storageKey());
                    removed++;
                } catch (IOException | RuntimeException e) {
                    log.warn("SB-5001 could not remove the content of orphan file {}: {}", orphan.id(), e.toString());
                }
            }
            if (orphans.size() < BATCH) {
                return removed;
            }
        }
    }
}
