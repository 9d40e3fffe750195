package org.iiifml.support.memory;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Heap that work of one kind (decoding images, parsing documents) may take at once, in bytes. Work
 * reserves what it will take, worked out before it starts, and waits while others hold the rest: N large
 * images at once queue instead of multiplying the heap. Fair: the longest waiting goes first, so a large
 * reservation is not starved by small ones. A reservation larger than the whole budget is refused
 * ({@link TooLarge}), since it could never be met.
 */
public final class MemoryBudget {

    /** A reservation that could never be met: more than the whole budget. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(String name, long bytes, long capacity) {
            super("it would take " + mb(bytes) + " MB of memory, and the " + name + " budget is " + mb(capacity) + " MB");
        }
    }

    /** Bytes held, given back by {@link #close()} (once). */
    public interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    private static final int UNIT = 1024;

    private final String name;
    private final long capacity;
    private final Semaphore units;

    /** @param capacity bytes that may be held at once (at least 1 KiB) */
    public MemoryBudget(String name, long capacity) {
        if (capacity < UNIT) {
            throw new IllegalArgumentException("a memory budget holds at least 1 KiB");
        }
        this.name = name;
        // Counted in KiB so that a budget of terabytes still fits a semaphore's int.
        this.capacity = Math.min(capacity, (long) Integer.MAX_VALUE * UNIT);
        this.units = new Semaphore(units(this.capacity), true);
    }

    public String name() {
        return name;
    }

    public long capacity() {
        return capacity;
    }

    /** Bytes free now. */
    public long available() {
        return (long) units.availablePermits() * UNIT;
    }

    /** Waits until {@code bytes} are free, then holds them; blocking, so never on an event loop. */
    public Reservation reserve(long bytes) {
        if (bytes > capacity) {
            throw new TooLarge(name, bytes, capacity);
        }
        int n = units(Math.max(bytes, 1));
        units.acquireUninterruptibly(n);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                units.release(n);
            }
        };
    }

    private static int units(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + UNIT - 1) / UNIT);
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
