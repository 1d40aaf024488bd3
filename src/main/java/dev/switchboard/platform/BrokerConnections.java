package dev.switchboard.platform;

import jakarta.jms.ConnectionFactory;

import org.springframework.jms.connection.CachingConnectionFactory;

/** The broker's own connection factory behind Boot's session cache. */
public final class BrokerConnections {

    private BrokerConnections() {
    }

    /**
     * Listener containers, browsers and selective receives need the uncached factory: they keep
     * their own consumers, and a session cache would keep one consumer per selector forever.
     */
    public static ConnectionFactory uncached(ConnectionFactory factory) {
        return factory instanceof CachingConnectionFactory caching && caching.getTargetConnectionFactory() != null
                ? caching.getTargetConnectionFactory() : factory;
    }
}
