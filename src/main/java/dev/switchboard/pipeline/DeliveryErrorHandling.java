package dev.switchboard.pipeline;

import jakarta.jms.JMSException;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Route configuration {@code delivery}, used by every delivery route: when the database or the
 * broker is unavailable, the step is retried in place, with backoff, until it is back. The
 * consumer holds its message meanwhile, so nothing is lost and no case is reordered. Receiver
 * failures are not exceptions here: attempt routes catch them and record the outcome.
 */
@Component
public class DeliveryErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration("delivery")
                .onException(DataAccessException.class, TransactionException.class, JMSException.class)
                .maximumRedeliveries(-1)
                .redeliveryDelay(500)
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(30_000)
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logRetryAttempted(true);
    }
}
