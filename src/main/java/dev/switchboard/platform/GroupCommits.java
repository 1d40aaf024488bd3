package dev.switchboard.platform;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Makes the {@link GroupCommit} lanes, all with {@code switchboard.group-commit.max-units}. Lanes
 * that HTTP requests wait in refuse callers beyond {@code switchboard.group-commit.max-waiting};
 * lanes whose callers are few by construction (a fixed number of consumers) never refuse.
 */
@Component
public class GroupCommits {

    private final PlatformTransactionManager transactions;
    private final int maxUnits;
    private final int maxWaiting;
    private final MeterRegistry meters;

    public GroupCommits(PlatformTransactionManager transactions,
            @Value("${switchboard.group-commit.max-units:64}") int maxUnits,
            @Value("${switchboard.group-commit.max-waiting:64}") int maxWaiting, MeterRegistry meters) {
        this.transactions = transactions;
        this.maxUnits = maxUnits;
        this.maxWaiting = maxWaiting;
        this.meters = meters;
    }

    /** A lane for HTTP requests ({@code work} names it in the metrics): callers beyond the limit get {@link Overloaded}. */
    public GroupCommit requestLane(String work) {
        return new GroupCommit(work, transactions, maxUnits, maxWaiting, meters);
    }

    /** A lane for a fixed number of callers (consumers), which never refuses: they wait for their turn. */
    public GroupCommit consumerLane(String work) {
        return new GroupCommit(work, transactions, maxUnits, Integer.MAX_VALUE, meters);
    }
}
