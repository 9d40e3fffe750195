package org.iiifml.jobs.engine;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iiifml.jobs.config.JobsProperties;
import org.iiifml.jobs.store.JobStore;
import org.iiifml.jobs.store.JobStore.ClaimedItem;
import org.iiifml.jobs.store.JobStore.ClaimedPlan;
import org.iiifml.jobs.webhook.WebhookDispatcher;
import org.iiifml.support.problem.Problem;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;

/**
 * This instance's share of the work: one loop claims planning and items up to the configured concurrency
 * and hands them to worker threads; leases are renewed while they run. Several instances on one database
 * share every job; an instance that dies leaves leases that run out, and its items are claimed again. On a
 * graceful stop, running items get {@code shutdownGrace} to finish, then their claims are given back.
 */
public class JobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobStore store;
    private final JobWorker worker;
    private final JobsProperties properties;
    private final WebhookDispatcher webhooks;
    private final String owner;
    private final Semaphore slots;
    private final Object wake = new Object();
    private final AtomicInteger processed = new AtomicInteger();
    /** What this instance is working on now: only these leases are renewed, so that an item whose end could
     *  not be recorded (the database away for a moment) is not held forever but claimed again. */
    private final java.util.Set<JobStore.ItemKey> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean woken;
    private ExecutorService workers;
    private Thread loop;

    public JobRunner(JobStore store, JobWorker worker, JobsProperties properties, WebhookDispatcher webhooks) {
        this.store = store;
        this.worker = worker;
        this.properties = properties;
        this.webhooks = webhooks;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.slots = new Semaphore(properties.concurrency());
    }

    /** Who this instance is in the lease columns. */
    public String owner() {
        return owner;
    }

    /** Items this instance finished and recorded since it started. */
    public int processed() {
        return processed.get();
    }

    /** Looks for work now instead of at the next poll, e.g. after a job was created here. */
    public void wakeUp() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "job-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        workers = Executors.newFixedThreadPool(properties.concurrency(), threads);
        loop = new Thread(this::run, "job-runner");
        loop.setDaemon(true);
        loop.start();
        log.info("Job runner {} started: {} items at once, lease {}", owner, properties.concurrency(), properties.lease());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wakeUp();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int released = store.releaseLeases(owner);
        if (released > 0) {
            log.info("Job runner {} stopped; {} unfinished items given back", owner, released);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Highest phases stop first: the runner stops before the web server's graceful shutdown, and the
        // database pool (a bean, destroyed after every lifecycle stopped) outlives both.
        return SmartLifecycle.DEFAULT_PHASE;
    }

    private void run() {
        long lastRenewal = System.nanoTime();
        long lastSweep = 0;
        long renewEvery = properties.lease().toNanos() / 3;
        while (running) {
            boolean busy = false;
            try {
                long now = System.nanoTime();
                if (now - lastRenewal >= renewEvery) {
                    store.renewLeases(owner, properties.lease(), java.util.List.copyOf(inFlight));
                    lastRenewal = now;
                }
                if (now - lastSweep >= properties.lease().toNanos()) {
                    sweepAbandoned();
                    lastSweep = now;
                }
                busy = claimWork();
                if (webhooks != null) {
                    webhooks.dispatch(owner);
                }
            } catch (RuntimeException e) {
                log.warn("Job runner {}: the job database did not answer ({}); trying again", owner, e.getMessage());
            }
            if (!busy) {
                pause();
            }
        }
    }

    /** Fills free worker slots: planning first, then items. Answers whether anything was claimed. */
    private boolean claimWork() {
        int free = slots.availablePermits();
        if (free == 0) {
            return false; // the loop pauses until an item ends and wakes it
        }
        Optional<ClaimedPlan> plan = store.claimPlan(owner, properties.lease());
        if (plan.isPresent()) {
            JobStore.ItemKey key = new JobStore.ItemKey(plan.get().jobId(), -1);
            slots.acquireUninterruptibly();
            inFlight.add(key);
            submit(() -> plan(plan.get()), key);
            return true;
        }
        var items = store.claimItems(owner, properties.lease(), free, properties.maxAttempts());
        for (ClaimedItem item : items) {
            JobStore.ItemKey key = new JobStore.ItemKey(item.jobId(), item.index());
            slots.acquireUninterruptibly();
            inFlight.add(key);
            submit(() -> process(item), key);
        }
        return !items.isEmpty();
    }

    private void submit(Runnable task, JobStore.ItemKey key) {
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // Recording the end failed (the database away): the lease runs out and the item is claimed again.
                    log.warn("Job runner {}: the end of {} could not be recorded ({})", owner, key, e.getMessage());
                } finally {
                    inFlight.remove(key);
                    slots.release();
                    wakeUp();
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.remove(key);
            slots.release(); // stopping: the lease runs out or is given back
        }
    }

    private void plan(ClaimedPlan claim) {
        try {
            var items = worker.plan(claim.request());
            if (items.size() > properties.maxItems()) {
                throw new ProblemException(ProblemType.TOO_MANY_ITEMS, "the source has " + items.size()
                        + " items; a job takes at most " + properties.maxItems() + " (suite.jobs.max-items)");
            }
            store.planned(claim.jobId(), owner, items);
        } catch (RuntimeException e) {
            if (!running) {
                return; // interrupted by a stop: the claim is given back, not failed
            }
            store.planFailed(claim.jobId(), owner, problemOf(e, "the job's source could not be read"));
        }
    }

    private void process(ClaimedItem claim) {
        JsonNode result;
        Map<String, Object> problem = null;
        try {
            result = worker.process(claim.jobId(), claim.request(), claim.item());
        } catch (RuntimeException e) {
            if (!running) {
                return; // interrupted by a stop: the claim is given back, not failed
            }
            result = null;
            problem = problemOf(e, "the item could not be processed");
        }
        boolean progress = claim.request().webhook() != null && claim.request().webhook().progress();
        var outcome = store.finishItem(claim.jobId(), claim.index(), owner, problem == null, result, problem, progress,
                worker.failsJob(claim.item()));
        if (outcome.recorded()) {
            processed.incrementAndGet();
        } else {
            log.info("Item {} of job {} finished after its lease passed to another instance; its result was dropped",
                    claim.index(), claim.jobId());
        }
    }

    /**
     * Items and plans claimed as often as allowed whose lease ran out again: failed, not retried forever.
     * Expired idempotency keys go at the same pace.
     */
    private void sweepAbandoned() {
        Map<String, Object> problem = new Problem(ProblemType.ITEM_ABANDONED, 500,
                "claimed " + properties.maxAttempts() + " times without finishing (suite.jobs.max-attempts)", null, Map.of()).toMap();
        for (ClaimedItem item : store.abandonedItems(properties.maxAttempts())) {
            store.finishItem(item.jobId(), item.index(), null, false, null, problem, false, worker.failsJob(item.item()));
        }
        for (UUID job : store.abandonedPlans(properties.maxAttempts())) {
            store.planFailed(job, null, problem);
        }
        store.purgeIdempotencyKeys(properties.idempotencyTtl());
    }

    private static Map<String, Object> problemOf(RuntimeException e, String otherwise) {
        if (e instanceof ProblemException pe) {
            return new Problem(pe.type(), pe.type().status().value(), pe.getMessage(), null, pe.properties()).toMap();
        }
        log.warn("A job worker failed: {}", e.toString());
        return new Problem(ProblemType.INTERNAL_ERROR, 500, otherwise, null, Map.of()).toMap();
    }

    private void pause() {
        synchronized (wake) {
            if (!woken && running) {
                try {
                    wake.wait(properties.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }
}
