package dev.switchboard.attachment;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes files that never got a message (their request failed after they were stored) once they
 * are a day old. A Camel timer route, so it shows in Hawtio next to the others.
 */
@Component
public class AttachmentCleanup extends RouteBuilder {

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

    public int removeOrphans() {
        int removed = 0;
        for (Attachment orphan : repository.orphans(OffsetDateTime.now(clock).minusDays(1), 500)) {
            try {
                repository.delete(orphan.id());
                store.delete(orphan.storageKey());
                removed++;
            } catch (IOException e) {
                log.warn("SB-5001 could not remove orphan file {}: {}", orphan.id(), e.toString());
            }
        }
        return removed;
    }
}
