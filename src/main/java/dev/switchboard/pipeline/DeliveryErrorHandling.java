package dev.switchboard.pipeline;

import jakarta.jms.JMSException;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Route configuration {@code delivery}, used by every delivery route.
 * <ul>
 * <li>The database or the broker away: the failing step is retried in place, with backoff, until
 * it is back. The consumer holds its message meanwhile, so nothing is lost and no case is
 * reordered.</li>
 * <li>A delivery no retry can help (its channel is gone, it is not a Switchboard delivery): it
 * goes to the dead-letter queue at once.</li>
 * </ul>
 * Receiver failures are not exceptions here: attempt routes catch them and record the outcome.
 * Anything else is a defect: the consumer's transaction rolls back and the broker redelivers a
 * few times before moving the message to sb.dead.
 */
@Component
public class DeliveryErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        RouteConfigurationDefinition delivery = routeConfiguration("delivery");
        // before the first step of each route that consumes from the broker: see PlainMessages
        delivery.interceptFrom("jms:*").process(PlainMessages::detach);
        delivery
                .onException(TransientDataAccessException.class, RecoverableDataAccessException.class,
                        DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
                        JMSException.class)
                    .maximumRedeliveries(-1)
                    .redeliveryDelay(500)
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .maximumRedeliveryDelay(30_000)
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logRetryAttempted(true)
                .end()
                .onException(PermanentDeliveryFailure.class)
                    .handled(true)
                    .bean("deliveryAttempts", "deadLetter")
                .end();
    }
}
