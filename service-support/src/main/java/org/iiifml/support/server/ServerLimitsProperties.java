package org.iiifml.support.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on how requests arrive, for every server of the suite.
 *
 * @param headerTimeout how long a request's line and headers may take to arrive, from its first byte;
 *     past it the request is answered 408 and the connection closed (default 10s). Bodies are bound by
 *     their size limits, and idle connections by {@code server.netty.idle-timeout}.
 */
@ConfigurationProperties("suite.server")
public record ServerLimitsProperties(@DefaultValue("10s") Duration headerTimeout) {

    public ServerLimitsProperties {
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("suite.server.header-timeout must be positive");
        }
    }
}
