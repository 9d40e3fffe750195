package org.iiifml.inference.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much inference a service takes on at once: {@code running} requests work, and at most
 * {@code waiting} uploads wait for a turn; the next upload is refused at once ({@link Busy}, answered 429
 * with Retry-After), so overload shows as fast refusals instead of growing memory and latency. Job items
 * wait their turn however many wait: the job runner's concurrency already bounds them. Fair: the longest
 * waiting goes first. Meter: {@code inference.admission.waiting}, tagged by name.
 */
public final class Admission {

    /** A request refused because too many already wait; {@link #retryAfterSeconds()} is a fair wait. */
    public static final class Busy extends RuntimeException {
        private final long retryAfterSeconds;

        Busy(String what, int waiting, long retryAfterSeconds) {
            super("the " + what + " has " + waiting + " requests waiting; try again shortly");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A turn, given back by {@link #close()} (once). */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final String name;
    private final Semaphore running;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param running requests at work at once (at least 1)
     * @param waiting uploads that may wait for a turn (0: an upload that finds every turn taken is refused)
     */
    public Admission(String name, int running, int waiting, MeterRegistry meters) {
        if (running < 1 || waiting < 0) {
            throw new IllegalArgumentException("running must be at least 1 and waiting at least 0");
        }
        this.name = name;
        this.running = new Semaphore(running, true);
        this.maxWaiting = waiting;
        if (meters != null) {
            meters.gauge("inference.admission.waiting", java.util.List.of(io.micrometer.core.instrument.Tag.of("name", name)), this.waiting);
        }
    }

    /** For an upload: a turn now, or after the uploads waiting before it; {@link Busy} when too many wait. */
    public Permit enter() {
        if (running.tryAcquire()) {
            return permit();
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            throw new Busy(name, maxWaiting, 1);
        }
        try {
            running.acquireUninterruptibly();
        } finally {
            waiting.decrementAndGet();
        }
        return permit();
    }

    /** For a job item: waits for its turn, never refused. */
    public Permit await() {
        running.acquireUninterruptibly();
        return permit();
    }

    /** Requests waiting now. */
    public int waiting() {
        return waiting.get();
    }

    private Permit permit() {
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                running.release();
            }
        };
    }
}
