package org.iiifml.jobs.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Durable jobs of a service.
 *
 * @param enabled run this instance's job runner; with false the API still answers and other replicas work
 *     the items (default true)
 * @param concurrency items this instance works on at once (default 4)
 * @param pollInterval how often an idle runner looks for claimable items and due webhooks (default 500ms)
 * @param lease how long a claim on an item lasts without renewal; a crashed instance's items are taken
 *     up again after it (default 30s). Renewed every third of it while the item runs.
 * @param maxAttempts claims of one item (or of one job's planning) before it is failed as abandoned: a
 *     worker that keeps dying on an item does not take the service down with it forever (default 3)
 * @param maxItems items one job may have; a bigger manifest or collection fails its job (default 10000)
 * @param shutdownGrace on a graceful stop, how long running items may finish before their claims are
 *     released for other instances (default 15s)
 * @param idempotencyTtl how long an Idempotency-Key is remembered (default 24h)
 * @param maxPageSize largest page of the job list (default 100)
 * @param maxOpenJobs queued and running jobs the service holds at most; one more is answered 429 until some
 *     end (default 1000)
 * @param maxOpenJobsPerClient queued and running jobs of one client at most; one more is answered 429, so
 *     that one client cannot fill the service's queue (default 50)
 * @param database where jobs are kept
 * @param webhooks job webhooks
 */
@ConfigurationProperties("suite.jobs")
public record JobsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("4") int concurrency,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10000") int maxItems,
        @DefaultValue("15s") Duration shutdownGrace,
        @DefaultValue("24h") Duration idempotencyTtl,
        @DefaultValue("100") int maxPageSize,
        @DefaultValue("1000") int maxOpenJobs,
        @DefaultValue("50") int maxOpenJobsPerClient,
        @DefaultValue Database database,
        @DefaultValue Webhooks webhooks) {

    public JobsProperties {
        if (concurrency < 1 || maxAttempts < 1 || maxItems < 1 || maxPageSize < 1 || maxOpenJobs < 1 || maxOpenJobsPerClient < 1 || lease.toMillis() < 300) {
            throw new IllegalArgumentException("suite.jobs: concurrency, max-attempts, max-items, max-page-size, max-open-jobs(-per-client) ≥ 1; lease ≥ 300ms");
        }
    }

    /**
     * @param url JDBC URL of the PostgreSQL that keeps the jobs; empty starts an embedded PostgreSQL
     *     (default empty)
     * @param username database user (default postgres)
     * @param password database password (default empty)
     * @param schema the service's schema; empty means the service name with '-' as '_' (default empty)
     * @param poolSize connections at most (default 10)
     * @param embeddedDirectory data folder of the embedded PostgreSQL; jobs survive restarts in it
     *     (default empty: .iiif-ml-suite/postgres under the user's home)
     */
    public record Database(
            @DefaultValue("") String url,
            @DefaultValue("postgres") String username,
            @DefaultValue("") String password,
            @DefaultValue("") String schema,
            @DefaultValue("10") int poolSize,
            @DefaultValue("") String embeddedDirectory) {
    }

    /**
     * @param secret HMAC-SHA256 key that signs every delivery, the same on every replica; empty refuses jobs
     *     that ask for a webhook (default empty)
     * @param maxAttempts deliveries tried at most before one is given up (default 8)
     * @param backoffBase first retry after up to this, doubling each time, with full jitter (default 10s)
     * @param backoffMax longest wait between two tries (default 1h)
     */
    public record Webhooks(
            @DefaultValue("") String secret,
            @DefaultValue("8") int maxAttempts,
            @DefaultValue("10s") Duration backoffBase,
            @DefaultValue("1h") Duration backoffMax) {
    }
}
