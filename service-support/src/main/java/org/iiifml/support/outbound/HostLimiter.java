package org.iiifml.support.outbound;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Politeness per server, that is per origin (scheme, host and port: two ports of one host are two servers,
 * and a slow one must not hold up the other): at most N requests in flight and, optionally, at most R
 * started per second. Waiting is non-blocking: a request that must wait holds no thread.
 */
final class HostLimiter {

    private final int concurrency;
    private final long minIntervalNanos;
    private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

    HostLimiter(int concurrency, double requestsPerSecond) {
        this.concurrency = concurrency;
        this.minIntervalNanos = requestsPerSecond > 0 ? (long) (1_000_000_000L / requestsPerSecond) : 0;
    }

    <T> Mono<T> run(java.net.URI uri, Supplier<Mono<T>> work) {
        Gate gate = gates.computeIfAbsent(origin(uri), h -> new Gate());
        return Mono.usingWhen(gate.acquire(), permit -> gate.paced().then(Mono.defer(work)), permit -> Mono.fromRunnable(gate::release));
    }

    /** {@code scheme://host:port}, the port filled in where the URL leaves it to the scheme. */
    static String origin(java.net.URI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    private final class Gate {
        private int available = concurrency;
        private long nextStart = 0;
        private final Queue<MonoSink<Boolean>> waiting = new ArrayDeque<>();

        Mono<Boolean> acquire() {
            return Mono.create(sink -> {
                boolean granted;
                synchronized (this) {
                    granted = available > 0;
                    if (granted) {
                        available--;
                    } else {
                        waiting.add(sink);
                    }
                }
                if (granted) {
                    sink.success(true);
                } else {
                    sink.onCancel(() -> {
                        synchronized (this) {
                            waiting.remove(sink);
                        }
                    });
                }
            });
        }

        void release() {
            MonoSink<Boolean> next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    available++;
                }
            }
            if (next != null) {
                next.success(true); // the permit passes straight to the next waiter
            }
        }

        /** With a rate limit, delays the start until this host's next slot. */
        Mono<Void> paced() {
            if (minIntervalNanos == 0) {
                return Mono.empty();
            }
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                long start = Math.max(now, nextStart);
                nextStart = start + minIntervalNanos;
                wait = start - now;
            }
            return wait <= 0 ? Mono.empty() : Mono.delay(Duration.ofNanos(wait)).then();
        }
    }
}
