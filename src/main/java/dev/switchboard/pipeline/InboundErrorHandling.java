package dev.switchboard.pipeline;

import jakarta.jms.JMSException;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Route configuration {@code inbound}, used by the route that stores inbound messages: with the
 * database away the step is retried in place until it is back (the consumer holds its batch, so
 * its conversations keep their order; the step skips the messages it settled before). A message
 * no retry can store is dead-lettered by the step itself, so that the rest of its batch is stored.
 * Anything else rolls the consumer's transaction back and the broker redelivers.
 */
@Component
public class InboundErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration("inbound")
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
                .end();
    }
}
