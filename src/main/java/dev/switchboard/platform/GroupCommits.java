package dev.switchboard.platform;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/** Makes the {@link GroupCommit} lanes, all with {@code switchboard.group-commit.max-units}. */
@Component
public class GroupCommits {

    private final PlatformTransactionManager transactions;
    private final int maxUnits;
    private final MeterRegistry meters;

    public GroupCommits(PlatformTransactionManager transactions,
            @Value("${switchboard.group-commit.max-units:64}") int maxUnits, MeterRegistry meters) {
        this.transactions = transactions;
        this.maxUnits = maxUnits;
        this.meters = meters;
    }

    /** A lane of its own for one kind of work ({@code work} names it in the metric). */
    public GroupCommit lane(String work) {
        return new GroupCommit(work, transactions, maxUnits, meters);
    }
}
