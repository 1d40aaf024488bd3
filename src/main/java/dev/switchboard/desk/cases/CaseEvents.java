package dev.switchboard.desk.cases;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishes outside changes of cases (synchronously, in the caller's transaction) and stamps the
 * case's {@code changed_at}, the moment time-based rules count from.
 */
@Component
public class CaseEvents {

    private final ApplicationEventPublisher publisher;
    private final CaseRepository cases;
    private final Clock clock;

    public CaseEvents(ApplicationEventPublisher publisher, CaseRepository cases, Clock clock) {
        this.publisher = publisher;
        this.cases = cases;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void publish(CaseEvent event) {
        cases.markChanged(event.caseId(), OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS));
        publisher.publishEvent(event);
    }
}
