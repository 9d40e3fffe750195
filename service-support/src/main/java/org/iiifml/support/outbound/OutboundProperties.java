package org.iiifml.support.outbound;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the fetcher talks to outside servers: the only place in the suite that opens connections to them.
 *
 * @param allowLoopback let requests reach 127.0.0.0/8 and ::1 (default false; the local run turns it on for
 *     its demo IIIF source). Link-local and metadata addresses stay refused even then.
 * @param allowedHosts host names whose private addresses may be reached (default none), for an
 *     institution's own IIIF server on its internal network
 * @param connectTimeout TCP connect timeout (default 5s)
 * @param responseTimeout longest wait for response headers, and between body chunks (default 30s)
 * @param downloadTimeout longest a whole download may take, redirects and retries included (default 120s)
 * @param maxRedirects redirects followed, each checked like the first URL (default 5)
 * @param maxAttempts attempts of one GET: 5xx, connection resets and timeouts are retried (default 3)
 * @param backoffBase first retry waits up to this, doubling each time, with full jitter (default 250ms)
 * @param backoffMax longest wait between retries (default 5s)
 * @param maxRetryAfter longest Retry-After a 429 or 503 is waited out; longer ones fail at once (default 60s)
 * @param perHostConcurrency requests in flight to one host at most (default 4)
 * @param perHostRequestsPerSecond requests started per second per host at most; 0 means no rate limit (default 0)
 * @param userAgent sent with every request; name a contact, as polite crawlers do
 */
@ConfigurationProperties("suite.outbound")
public record OutboundProperties(
        @DefaultValue("false") boolean allowLoopback,
        @DefaultValue List<String> allowedHosts,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration responseTimeout,
        @DefaultValue("120s") Duration downloadTimeout,
        @DefaultValue("5") int maxRedirects,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("250ms") Duration backoffBase,
        @DefaultValue("5s") Duration backoffMax,
        @DefaultValue("60s") Duration maxRetryAfter,
        @DefaultValue("4") int perHostConcurrency,
        @DefaultValue("0") double perHostRequestsPerSecond,
        @DefaultValue("IIIF-ML-Suite/0.1 (operator: set suite.outbound.user-agent to name a contact)") String userAgent) {

    public OutboundProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        if (maxRedirects < 0 || maxAttempts < 1 || perHostConcurrency < 1 || perHostRequestsPerSecond < 0) {
            throw new IllegalArgumentException("suite.outbound: redirects ≥ 0, attempts ≥ 1, concurrency ≥ 1, rate ≥ 0");
        }
    }

    /** Defaults, for code and tests that build a client without Spring. */
    public static OutboundProperties defaults() {
        return new OutboundProperties(false, List.of(), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(120), 5, 3, Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofSeconds(60), 4, 0,
                "IIIF-ML-Suite/0.1");
    }

    public OutboundProperties withAllowLoopback(boolean allow) {
        return new OutboundProperties(allow, allowedHosts, connectTimeout, responseTimeout, downloadTimeout, maxRedirects,
                maxAttempts, backoffBase, backoffMax, maxRetryAfter, perHostConcurrency, perHostRequestsPerSecond, userAgent);
    }


    public OutboundProperties withResponseTimeout(Duration timeout) {
        return new OutboundProperties(allowLoopback, allowedHosts, connectTimeout, timeout, downloadTimeout, maxRedirects,
                maxAttempts, backoffBase, backoffMax, maxRetryAfter, perHostConcurrency, perHostRequestsPerSecond, userAgent);
    }

    public OutboundProperties withAllowedHosts(List<String> hosts) {
        return new OutboundProperties(allowLoopback, hosts, connectTimeout, responseTimeout, downloadTimeout, maxRedirects,
                maxAttempts, backoffBase, backoffMax, maxRetryAfter, perHostConcurrency, perHostRequestsPerSecond, userAgent);
    }

}
