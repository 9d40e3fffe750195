package org.iiifml.support.outbound;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * GET over HTTP(S) to outside servers, with the suite's safety and politeness rules: only allowed
 * destinations (checked on the URL, and on the resolved address at connect time, for every redirect),
 * redirects followed by hand and counted, bodies capped while streaming, retries with full-jitter backoff
 * on 5xx, resets and timeouts, Retry-After honoured on a timer, per-host concurrency and rate, and a
 * User-Agent. GET is retried; POST (webhook deliveries) is tried once and never follows a redirect, its
 * caller keeping its own durable retries.
 */
public final class SafeHttpClient {

    private static final long DISCARDED_BODY_LIMIT = 64 * 1024;

    private final OutboundProperties properties;
    private final DestinationPolicy policy;
    private final HttpClient http;
    private final HostLimiter limiter;
    private final Delays delays;

    public SafeHttpClient(OutboundProperties properties, HostResolver hosts, Delays delays) {
        this.properties = properties;
        this.policy = DestinationPolicy.of(properties);
        this.delays = delays;
        this.limiter = new HostLimiter(properties.perHostConcurrency(), properties.perHostRequestsPerSecond());
        ConnectionProvider pool = ConnectionProvider.builder("outbound")
                .maxConnections(500)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        this.http = HttpClient.create(pool)
                .resolver(new GuardedResolverGroup(policy, hosts))
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout())
                .headers(h -> h.set(HttpHeaderNames.USER_AGENT, properties.userAgent()));
    }

    public SafeHttpClient(OutboundProperties properties) {
        this(properties, HostResolver.SYSTEM, Delays.TIMER);
    }

    public DestinationPolicy policy() {
        return policy;
    }

    /**
     * Downloads a URL. {@code requestHeaders} may carry conditional headers (If-None-Match,
     * If-Modified-Since) and Accept. Fails with a {@link FetchException} whose type tells the caller why.
     */
    public Mono<Fetched> get(String url, long maxBytes, Map<String, String> requestHeaders) {
        return Mono.defer(() -> follow(policy.checkUrl(url), 0, maxBytes, requestHeaders))
                .timeout(properties.downloadTimeout(), Mono.error(() -> new FetchException(ProblemType.UPSTREAM_TIMEOUT,
                        "the download of " + url + " took longer than " + properties.downloadTimeout().toSeconds() + " s")))
                .onErrorMap(RefusedException.class, e -> new FetchException(ProblemType.URL_REFUSED, e.getMessage()));
    }

    /**
     * Sends one POST with a body and answers the status the server gave; its response body is read up to a
     * small limit and dropped. The destination rules hold as for GET; a redirect is answered as it came, not
     * followed, so a receiver cannot bounce a signed delivery to another address.
     */
    public Mono<Integer> post(String url, byte[] body, Map<String, String> requestHeaders) {
        return Mono.defer(() -> {
                    URI uri = policy.checkUrl(url);
                    return limiter.run(uri, () -> http.headers(h -> requestHeaders.forEach(h::set))
                            .post()
                            .uri(uri.toString())
                            .send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body)))
                            .response((response, content) -> discard(content).then(Mono.just(response.status().code())))
                            .single());
                })
                .timeout(properties.downloadTimeout(), Mono.error(() -> new FetchException(ProblemType.UPSTREAM_TIMEOUT,
                        "the POST to " + url + " took longer than " + properties.downloadTimeout().toSeconds() + " s")))
                .onErrorMap(e -> !(e instanceof FetchException), e -> e instanceof RefusedException refused
                        ? new FetchException(ProblemType.URL_REFUSED, refused.getMessage())
                        : unreachable(URI.create(url), e));
    }

    private static Mono<Void> discard(reactor.netty.ByteBufFlux body) {
        long[] seen = {0};
        return body.handle((buf, sink) -> {
            seen[0] += buf.readableBytes();
            if (seen[0] > DISCARDED_BODY_LIMIT) {
                sink.complete();
            }
        }).then();
    }

    private Mono<Fetched> follow(URI uri, int redirects, long maxBytes, Map<String, String> requestHeaders) {
        return attempt(uri, 1, maxBytes, requestHeaders).flatMap(fetched -> {
            if (!isRedirect(fetched.status())) {
                return Mono.just(fetched);
            }
            String location = fetched.headers().getFirst(HttpHeaders.LOCATION);
            if (location == null) {
                return Mono.error(new FetchException(ProblemType.UPSTREAM_REFUSED,
                        "the server redirected " + uri + " without saying where to"));
            }
            if (redirects >= properties.maxRedirects()) {
                return Mono.error(new FetchException(ProblemType.TOO_MANY_REDIRECTS,
                        "more than " + properties.maxRedirects() + " redirects from " + uri));
            }
            URI next;
            try {
                next = policy.checkUri(uri.resolve(location.trim()));
            } catch (IllegalArgumentException e) {
                return Mono.error(new FetchException(ProblemType.UPSTREAM_REFUSED, "the server redirected to an invalid URL"));
            }
            return follow(next, redirects + 1, maxBytes, requestHeaders);
        });
    }

    /** One URL, retried as the rules allow. */
    private Mono<Fetched> attempt(URI uri, int attempt, long maxBytes, Map<String, String> requestHeaders) {
        return limiter.run(uri, () -> exchange(uri, maxBytes, requestHeaders))
                .flatMap(fetched -> {
                    int status = fetched.status();
                    if (status == 429 || status == 503) {
                        Duration wait = retryAfter(fetched.headers());
                        if (wait != null && wait.compareTo(properties.maxRetryAfter()) > 0) {
                            return Mono.error(new FetchException(ProblemType.UPSTREAM_BUSY,
                                    "the server asks to wait " + wait.toSeconds() + " s before trying " + uri + " again",
                                    Map.of("retryAfterSeconds", wait.toSeconds()), null));
                        }
                        if (attempt < properties.maxAttempts()) {
                            return delays.sleep(wait != null ? wait : backoff(attempt))
                                    .then(attempt(uri, attempt + 1, maxBytes, requestHeaders));
                        }
                        return Mono.error(status == 429
                                ? new FetchException(ProblemType.UPSTREAM_BUSY, "the server kept asking to slow down for " + uri,
                                        wait == null ? Map.of() : Map.of("retryAfterSeconds", wait.toSeconds()), null)
                                : FetchException.forStatus(status, uri.toString()));
                    }
                    if (status >= 500) {
                        return attempt < properties.maxAttempts()
                                ? delays.sleep(backoff(attempt)).then(attempt(uri, attempt + 1, maxBytes, requestHeaders))
                                : Mono.error(FetchException.forStatus(status, uri.toString()));
                    }
                    if (status >= 400) {
                        return Mono.error(FetchException.forStatus(status, uri.toString())); // never retried
                    }
                    return Mono.just(fetched);
                })
                .onErrorResume(e -> !(e instanceof FetchException) && !(e instanceof RefusedException) && isTransient(e),
                        e -> attempt < properties.maxAttempts()
                                ? delays.sleep(backoff(attempt)).then(attempt(uri, attempt + 1, maxBytes, requestHeaders))
                                : Mono.error(unreachable(uri, e)))
                .onErrorMap(e -> !(e instanceof FetchException) && !(e instanceof RefusedException), e -> unreachable(uri, e));
    }

    private Mono<Fetched> exchange(URI uri, long maxBytes, Map<String, String> requestHeaders) {
        return http.headers(h -> requestHeaders.forEach(h::set))
                .get()
                .uri(uri.toString())
                .response((response, body) -> {
                    HttpHeaders headers = headers(response);
                    int status = response.status().code();
                    if (status != 200 && status != 203) {
                        // Error, redirect and 304 bodies are not needed: read at most a little of them, then let go.
                        return discard(body).then(Mono.just(new Fetched(uri, status, headers, new byte[0])));
                    }
                    long declared = headers.getContentLength();
                    if (declared > maxBytes) {
                        return Mono.error(tooLarge(uri, maxBytes));
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
                    return body.handle((buf, sink) -> {
                        if (out.size() + (long) buf.readableBytes() > maxBytes) {
                            sink.error(tooLarge(uri, maxBytes)); // stops reading: chunked or not, nothing past the cap is kept
                            return;
                        }
                        byte[] chunk = new byte[buf.readableBytes()];
                        buf.readBytes(chunk);
                        out.writeBytes(chunk);
                    }).then(Mono.fromSupplier(() -> new Fetched(uri, status, headers, out.toByteArray())));
                })
                .single();
    }

    private static HttpHeaders headers(HttpClientResponse response) {
        HttpHeaders headers = new HttpHeaders();
        response.responseHeaders().forEach(e -> headers.add(e.getKey(), e.getValue()));
        return headers;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Connection resets, refused connections, timeouts: worth another attempt. A refused destination never is. */
    private static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RefusedException) {
                return false;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof ReadTimeoutException
                    || t instanceof reactor.netty.http.client.PrematureCloseException) {
                return true;
            }
        }
        return false;
    }

    private FetchException unreachable(URI uri, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RefusedException refused) {
                return new FetchException(ProblemType.URL_REFUSED, refused.getMessage());
            }
            if (t instanceof ReadTimeoutException || t instanceof TimeoutException) {
                return new FetchException(ProblemType.UPSTREAM_TIMEOUT, "the server did not answer in time for " + uri, Map.of(), e);
            }
        }
        return new FetchException(ProblemType.UPSTREAM_UNAVAILABLE, "the server of " + uri + " could not be reached", Map.of(), e);
    }

    private static FetchException tooLarge(URI uri, long maxBytes) {
        return new FetchException(ProblemType.UPSTREAM_TOO_LARGE, "the document at " + uri + " is larger than " + maxBytes + " bytes");
    }

    /** Full jitter: a random wait between zero and the exponential bound. */
    private Duration backoff(int attempt) {
        long bound = Math.min(properties.backoffMax().toMillis(), properties.backoffBase().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null) {
            return null;
        }
        value = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
