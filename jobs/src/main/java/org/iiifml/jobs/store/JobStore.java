package org.iiifml.jobs.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.iiifml.jobs.model.JobRequest;
import org.iiifml.jobs.model.JobView;
import org.iiifml.jobs.model.PlannedItem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every statement on the job tables. Items are claimed with {@code FOR UPDATE SKIP LOCKED} and a lease:
 * replicas never wait on each other's rows, and an item whose lease ran out is claimable again. A result
 * is written only by the holder of the item's current lease and only once, in the transaction that
 * counts it: however often an item is worked on, it is in the results exactly once.
 */
public final class JobStore {

    /** An item claimed by this instance. */
    public record ClaimedItem(UUID jobId, int index, PlannedItem item, int attempts, JobRequest request) {
    }

    /** A job claimed for planning. */
    public record ClaimedPlan(UUID jobId, JobRequest request, int attempts) {
    }

    /** How a finished item changed its job. */
    public record Outcome(boolean recorded, String jobState, boolean jobFinished) {
    }

    /** A webhook delivery claimed for sending. */
    public record Delivery(long id, UUID jobId, String event, int attempts, String url) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    public JobStore(DataSource dataSource, JsonMapper json) {
        this.jdbc = JdbcClient.create(dataSource);
        this.batch = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = json;
    }

    // ---- jobs --------------------------------------------------------------------------------------------

    public void insertJob(UUID id, String owner, JobRequest request, Map<String, Object> reproducibility) {
        jdbc.sql("""
                insert into job (id, owner, state, request, reproducibility, created_at, updated_at)
                values (:id, :owner, 'queued', cast(:request as jsonb), cast(:repro as jsonb), now(), now())""")
                .param("id", id).param("owner", owner).param("request", json.writeValueAsString(request))
                .param("repro", json.writeValueAsString(reproducibility)).update();
    }

    public Optional<JobView> job(UUID id, boolean withItems) {
        Optional<JobView> job = jdbc.sql("select * from job where id = :id").param("id", id).query(this::jobRow).optional();
        if (job.isEmpty() || !withItems) {
            return job;
        }
        List<JobView.Item> items = jdbc.sql("select * from job_item where job_id = :id order by idx").param("id", id)
                .query(this::itemRow).list();
        JobView j = job.get();
        return Optional.of(new JobView(j.id(), j.state(), j.owner(), j.progress(), items, j.parameters(), j.reproducibility(), j.problem(),
                j.createdAt(), j.updatedAt(), j.finishedAt()));
    }

    /** A job's failed items, in order, at most {@code limit}: what a webhook delivery lists. */
    public List<JobView.Item> failedItems(UUID id, int limit) {
        return jdbc.sql("select * from job_item where job_id = :id and state = 'failed' order by idx limit :limit")
                .param("id", id).param("limit", limit).query(this::itemRow).list();
    }

    /** A page of the jobs of {@code owner} (of every owner when null), newest first. */
    public List<JobView> jobs(String owner, String state, int page, int size) {
        return jdbc.sql("select * from job where (cast(:state as text) is null or state = :state)"
                        + " and (cast(:owner as text) is null or owner = :owner)"
                        + " order by created_at desc, id limit :size offset :offset")
                .param("state", state).param("owner", owner).param("size", size).param("offset", (long) page * size)
                .query(this::jobRow).list();
    }

    /** Jobs not yet ended (queued or running), of {@code owner} or, when null, of everyone. */
    public long countOpenJobs(String owner) {
        return jdbc.sql("select count(*) from job where state in ('queued', 'running') and (cast(:owner as text) is null or owner = :owner)")
                .param("owner", owner).query(Long.class).single();
    }

    public long countJobs(String owner, String state) {
        return jdbc.sql("select count(*) from job where (cast(:state as text) is null or state = :state)"
                        + " and (cast(:owner as text) is null or owner = :owner)")
                .param("state", state).param("owner", owner).query(Long.class).single();
    }

    /** Stops further claims: the job and its waiting items are cancelled; running items finish. */
    public boolean cancel(UUID id) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            int changed = jdbc.sql("""
                    update job set state = 'cancelled', finished_at = now(), updated_at = now(), lease_owner = null, lease_until = null
                    where id = :id and state in ('queued', 'running')""").param("id", id).update();
            if (changed == 0) {
                return false;
            }
            jdbc.sql("update job_item set state = 'cancelled', finished_at = now() where job_id = :id and state = 'queued'")
                    .param("id", id).update();
            enqueueWebhook(id, "job.finished");
            return true;
        }));
    }

    /**
     * Puts a finished job's failed items back in the queue (or its planning, when reading its source
     * failed). Answers false when there is nothing to retry.
     */
    public boolean retryFailed(UUID id) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Map<String, Object> job = jdbc.sql("select state, planned, failed from job where id = :id for update").param("id", id)
                    .query().singleRow();
            String state = (String) job.get("state");
            if (!state.equals("succeeded") && !state.equals("failed")) {
                return false;
            }
            if (!(Boolean) job.get("planned")) {
                return jdbc.sql("""
                        update job set state = 'queued', problem = null, finished_at = null, plan_attempts = 0, updated_at = now()
                        where id = :id""").param("id", id).update() == 1;
            }
            int items = jdbc.sql("""
                    update job_item set state = 'queued', problem = null, attempts = 0, started_at = null, finished_at = null,
                        lease_owner = null, lease_until = null
                    where job_id = :id and state = 'failed'""").param("id", id).update();
            if (items == 0) {
                return false;
            }
            jdbc.sql("""
                    update job set state = 'running', failed = failed - :items, problem = null, finished_at = null, updated_at = now()
                    where id = :id""").param("id", id).param("items", items).update();
            return true;
        }));
    }

    // ---- planning ----------------------------------------------------------------------------------------

    /** Claims one job whose items are still to be read from its source. */
    public Optional<ClaimedPlan> claimPlan(String owner, Duration lease) {
        return jdbc.sql("""
                update job set lease_owner = :owner, lease_until = now() + :lease * interval '1 millisecond',
                    plan_attempts = plan_attempts + 1, updated_at = now()
                where id = (select id from job where state = 'queued' and not planned
                                and (lease_until is null or lease_until < now())
                            order by created_at limit 1 for update skip locked)
                returning id, request, plan_attempts""")
                .param("owner", owner).param("lease", lease.toMillis())
                .query((rs, n) -> new ClaimedPlan(rs.getObject("id", UUID.class), request(rs), rs.getInt("plan_attempts")))
                .optional();
    }

    /** Stores a job's items and starts it, if this instance still holds its planning lease. */
    public boolean planned(UUID jobId, String owner, List<PlannedItem> items) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            int claimed = jdbc.sql("""
                    update job set planned = true, total = :total, state = case when :total = 0 then 'succeeded' else 'running' end,
                        finished_at = case when :total = 0 then now() end, lease_owner = null, lease_until = null, updated_at = now()
                    where id = :id and lease_owner = :owner and state = 'queued'""")
                    .param("id", jobId).param("owner", owner).param("total", items.size()).update();
            if (claimed == 0) {
                return false; // cancelled meanwhile, or the lease went to another instance
            }
            List<Object[]> rows = new java.util.ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                PlannedItem item = items.get(i);
                rows.add(new Object[] {jobId, i, item.ref(), item.label(), item.data() == null ? null : json.writeValueAsString(item.data())});
            }
            // One round trip per batch, not per item: a 10,000-canvas job is planned in well under a second.
            batch.batchUpdate("insert into job_item (job_id, idx, ref, label, data, state) values (?, ?, ?, ?, cast(? as jsonb), 'queued')",
                    rows);
            if (items.isEmpty()) {
                enqueueWebhook(jobId, "job.finished");
            }
            return true;
        }));
    }

    /** Fails a job whose source could not be read into items; owner null fails it whoever holds it. */
    public boolean planFailed(UUID jobId, String owner, Map<String, Object> problem) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            int changed = jdbc.sql("""
                    update job set state = 'failed', problem = cast(:problem as jsonb), finished_at = now(), updated_at = now(),
                        lease_owner = null, lease_until = null
                    where id = :id and state = 'queued' and (cast(:owner as text) is null or lease_owner = :owner)""")
                    .param("id", jobId).param("owner", owner).param("problem", json.writeValueAsString(problem)).update();
            if (changed == 1) {
                enqueueWebhook(jobId, "job.finished");
            }
            return changed == 1;
        }));
    }

    /** Jobs whose planning was claimed too often without finishing. */
    public List<UUID> abandonedPlans(int maxAttempts) {
        return jdbc.sql("""
                select id from job where state = 'queued' and not planned and lease_until < now() and plan_attempts >= :max""")
                .param("max", maxAttempts).query(UUID.class).list();
    }

    // ---- items -------------------------------------------------------------------------------------------

    /** Claims up to {@code limit} items of running jobs, oldest job first: queued ones and those whose lease ran out. */
    public List<ClaimedItem> claimItems(String owner, Duration lease, int limit, int maxAttempts) {
        return jdbc.sql("""
                with picked as (
                    select i.job_id, i.idx from job_item i join job j on j.id = i.job_id
                    where j.state = 'running'
                      and (i.state = 'queued' or (i.state = 'running' and i.lease_until < now() and i.attempts < :max))
                    order by j.created_at, i.job_id, i.idx
                    limit :limit
                    for update of i skip locked)
                update job_item i set state = 'running', lease_owner = :owner,
                    lease_until = now() + :lease * interval '1 millisecond',
                    attempts = i.attempts + 1, started_at = coalesce(i.started_at, now())
                from picked, job j
                where i.job_id = picked.job_id and i.idx = picked.idx and j.id = i.job_id
                returning i.job_id, i.idx, i.ref, i.label, i.data, i.attempts, j.request""")
                .param("owner", owner).param("lease", lease.toMillis()).param("limit", limit).param("max", maxAttempts)
                .query((rs, n) -> new ClaimedItem(rs.getObject("job_id", UUID.class), rs.getInt("idx"),
                        new PlannedItem(rs.getString("ref"), rs.getString("label"), node(rs.getString("data"))),
                        rs.getInt("attempts"), request(rs)))
                .list();
    }

    /** Items whose lease ran out after their last allowed attempt. */
    public List<ClaimedItem> abandonedItems(int maxAttempts) {
        return jdbc.sql("""
                select i.job_id, i.idx, i.attempts from job_item i join job j on j.id = i.job_id
                where j.state = 'running' and i.state = 'running' and i.lease_until < now() and i.attempts >= :max""")
                .param("max", maxAttempts)
                .query((rs, n) -> new ClaimedItem(rs.getObject("job_id", UUID.class), rs.getInt("idx"), null, rs.getInt("attempts"), null))
                .list();
    }

    /**
     * Records an item's end and counts it into its job, in one transaction. With an owner, only if that
     * owner still holds the item's lease; without, only if its lease ran out (an abandoned item). When the
     * job's last item ends, the job ends: {@code failed} if every item failed, else {@code succeeded}.
     */
    public Outcome finishItem(UUID jobId, int index, String owner, boolean succeeded, JsonNode result, Map<String, Object> problem,
            boolean progressWebhook) {
        return finishItem(jobId, index, owner, succeeded, result, problem, progressWebhook, false);
    }

    /**
     * As above; {@code failsJob}: this item's failure fails the job when it ends, whatever the others did (a
     * training job whose training failed made nothing, however many of its images were fetched).
     */
    public Outcome finishItem(UUID jobId, int index, String owner, boolean succeeded, JsonNode result, Map<String, Object> problem,
            boolean progressWebhook, boolean failsJob) {
        return tx.execute(s -> {
            Map<String, Object> job = jdbc.sql("select state, total, done, failed from job where id = :id for update")
                    .param("id", jobId).query().singleRow();
            int changed = jdbc.sql("""
                    update job_item set state = :state, result = cast(:result as jsonb), problem = cast(:problem as jsonb),
                        finished_at = now(), finished_by = coalesce(cast(:owner as text), 'lease-expiry'), lease_owner = null, lease_until = null
                    where job_id = :job and idx = :idx and state = 'running'
                      and (lease_owner = :owner or (cast(:owner as text) is null and lease_until < now()))""")
                    .param("state", succeeded ? "succeeded" : "failed")
                    .param("result", result == null ? null : json.writeValueAsString(result))
                    .param("problem", problem == null ? null : json.writeValueAsString(problem))
                    .param("job", jobId).param("idx", index).param("owner", owner).update();
            String state = (String) job.get("state");
            if (changed == 0) {
                return new Outcome(false, state, false);
            }
            int total = (Integer) job.get("total");
            int done = (Integer) job.get("done") + (succeeded ? 1 : 0);
            int failed = (Integer) job.get("failed") + (succeeded ? 0 : 1);
            boolean ends = state.equals("running") && done + failed >= total;
            String next = ends ? (failed >= total || (failsJob && !succeeded) ? "failed" : "succeeded") : state;
            jdbc.sql("""
                    update job set done = :done, failed = :failed, state = :state, updated_at = now(),
                        finished_at = case when :ends then now() else finished_at end
                    where id = :id""")
                    .param("done", done).param("failed", failed).param("state", next).param("ends", ends).param("id", jobId).update();
            if (ends) {
                enqueueWebhook(jobId, "job.finished");
            } else if (progressWebhook) {
                enqueueProgressWebhook(jobId);
            }
            return new Outcome(true, next, ends);
        });
    }

    /** An item of a job; index -1 stands for the job's planning. */
    public record ItemKey(UUID jobId, int index) {
    }

    /** Renews this instance's leases on what it is working on now: items, and plans (index -1). */
    public void renewLeases(String owner, Duration lease, List<ItemKey> working) {
        for (ItemKey key : working) {
            if (key.index() < 0) {
                jdbc.sql("update job set lease_until = now() + :lease * interval '1 millisecond'"
                                + " where id = :job and lease_owner = :owner and state = 'queued'")
                        .param("job", key.jobId()).param("owner", owner).param("lease", lease.toMillis()).update();
            } else {
                jdbc.sql("update job_item set lease_until = now() + :lease * interval '1 millisecond'"
                                + " where job_id = :job and idx = :idx and lease_owner = :owner and state = 'running'")
                        .param("job", key.jobId()).param("idx", key.index()).param("owner", owner).param("lease", lease.toMillis())
                        .update();
            }
        }
    }

    /** Gives this instance's unfinished items and plans back at once, for another instance to take. */
    public int releaseLeases(String owner) {
        int items = jdbc.sql("""
                update job_item set state = 'queued', lease_owner = null, lease_until = null, attempts = greatest(attempts - 1, 0)
                where lease_owner = :owner and state = 'running'""").param("owner", owner).update();
        jdbc.sql("update job set lease_owner = null, lease_until = null, plan_attempts = greatest(plan_attempts - 1, 0)"
                + " where lease_owner = :owner and state = 'queued'").param("owner", owner).update();
        return items;
    }

    // ---- idempotency -------------------------------------------------------------------------------------

    /** Takes a key for a new request; false when the key is already known (and not expired). */
    public boolean claimIdempotencyKey(String key, String fingerprint, Duration ttl) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            jdbc.sql("delete from idempotency_key where key = :key and created_at < now() - :ttl * interval '1 millisecond'")
                    .param("key", key).param("ttl", ttl.toMillis()).update();
            return jdbc.sql("""
                    insert into idempotency_key (key, fingerprint, job_id, created_at) values (:key, :fp, null, now())
                    on conflict (key) do nothing""").param("key", key).param("fp", fingerprint).update() == 1;
        }));
    }

    /** The fingerprint and job of a known key; the job is null while its request is still being created. */
    public record KeyRecord(String fingerprint, UUID jobId) {
    }

    public Optional<KeyRecord> idempotencyKey(String key) {
        return jdbc.sql("select fingerprint, job_id from idempotency_key where key = :key").param("key", key)
                .query((rs, n) -> new KeyRecord(rs.getString("fingerprint"), rs.getObject("job_id", UUID.class))).optional();
    }

    public void bindIdempotencyKey(String key, UUID jobId) {
        jdbc.sql("update idempotency_key set job_id = :job where key = :key").param("key", key).param("job", jobId).update();
    }

    public void releaseIdempotencyKey(String key) {
        jdbc.sql("delete from idempotency_key where key = :key and job_id is null").param("key", key).update();
    }

    public int purgeIdempotencyKeys(Duration ttl) {
        return jdbc.sql("delete from idempotency_key where created_at < now() - :ttl * interval '1 millisecond'")
                .param("ttl", ttl.toMillis()).update();
    }

    /** Creates a job and binds the key to it in one transaction. */
    public void insertJobForKey(UUID id, String owner, JobRequest request, Map<String, Object> reproducibility, String key) {
        tx.executeWithoutResult(s -> {
            insertJob(id, owner, request, reproducibility);
            if (key != null) {
                bindIdempotencyKey(key, id);
            }
        });
    }

    // ---- webhooks ----------------------------------------------------------------------------------------

    private void enqueueWebhook(UUID jobId, String event) {
        jdbc.sql("""
                insert into webhook_delivery (job_id, event, state, next_attempt_at, created_at)
                select id, :event, 'pending', now(), now() from job where id = :id and request -> 'webhook' ->> 'url' is not null""")
                .param("id", jobId).param("event", event).update();
    }

    /** Progress deliveries coalesce: at most one waits per job, and it says how far the job is when sent. */
    private void enqueueProgressWebhook(UUID jobId) {
        jdbc.sql("""
                insert into webhook_delivery (job_id, event, state, next_attempt_at, created_at)
                select id, 'job.progress', 'pending', now(), now() from job
                where id = :id and request -> 'webhook' ->> 'url' is not null
                  and not exists (select 1 from webhook_delivery d where d.job_id = :id and d.event = 'job.progress'
                                  and d.state = 'pending' and d.attempts = 0)""")
                .param("id", jobId).update();
    }

    public List<Delivery> claimDeliveries(String owner, Duration lease, int limit) {
        return jdbc.sql("""
                update webhook_delivery d set lease_owner = :owner, lease_until = now() + :lease * interval '1 millisecond',
                    attempts = d.attempts + 1
                from job j
                where j.id = d.job_id and d.id in (
                    select id from webhook_delivery where state = 'pending' and next_attempt_at <= now()
                      and (lease_until is null or lease_until < now())
                    order by next_attempt_at limit :limit for update skip locked)
                returning d.id, d.job_id, d.event, d.attempts, j.request -> 'webhook' ->> 'url' as url""")
                .param("owner", owner).param("lease", lease.toMillis()).param("limit", limit)
                .query((rs, n) -> new Delivery(rs.getLong("id"), rs.getObject("job_id", UUID.class), rs.getString("event"),
                        rs.getInt("attempts"), rs.getString("url")))
                .list();
    }

    public void delivered(long id, int status) {
        jdbc.sql("update webhook_delivery set state = 'delivered', last_status = :status, delivered_at = now(), lease_owner = null,"
                + " lease_until = null where id = :id").param("id", id).param("status", status).update();
    }

    /** A failed try: retried at {@code next} or, with next null, given up. */
    public void deliveryFailed(long id, Integer status, String error, Instant next) {
        jdbc.sql("""
                update webhook_delivery set state = case when cast(:next as timestamptz) is null then 'failed' else 'pending' end,
                    next_attempt_at = coalesce(cast(:next as timestamptz), next_attempt_at), last_status = :status, last_error = :error,
                    lease_owner = null, lease_until = null
                where id = :id""")
                .param("id", id).param("status", status).param("error", error)
                .param("next", next == null ? null : OffsetDateTime.ofInstant(next, java.time.ZoneOffset.UTC)).update();
    }

    // ---- rows --------------------------------------------------------------------------------------------

    private JobView jobRow(ResultSet rs, int n) throws SQLException {
        return new JobView(rs.getObject("id", UUID.class), rs.getString("state"), rs.getString("owner"),
                new JobView.Progress(rs.getInt("total"), rs.getInt("done"), rs.getInt("failed")), null, request(rs),
                node(rs.getString("reproducibility")), node(rs.getString("problem")), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "finished_at"));
    }

    private JobView.Item itemRow(ResultSet rs, int n) throws SQLException {
        return new JobView.Item(rs.getInt("idx"), rs.getString("ref"), rs.getString("label"), rs.getString("state"),
                rs.getInt("attempts"), node(rs.getString("problem")), node(rs.getString("result")), instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private JobRequest request(ResultSet rs) throws SQLException {
        return json.readValue(rs.getString("request"), JobRequest.class);
    }

    private JsonNode node(String text) {
        return text == null ? null : json.readTree(text);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
