package org.iiifml.jobs.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.iiifml.jobs.config.JobsProperties;
import org.iiifml.jobs.engine.JobRunner;
import org.iiifml.jobs.engine.JobWorker;
import org.iiifml.jobs.store.JobStore;
import org.iiifml.jobs.store.JobStore.KeyRecord;
import org.iiifml.jobs.model.JobPage;
import org.iiifml.jobs.model.JobRequest;
import org.iiifml.jobs.model.JobView;
import org.iiifml.support.identity.ClientIdentity;
import org.iiifml.support.outbound.DestinationPolicy;
import org.iiifml.support.outbound.RefusedException;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job operations every service exposes under its prefix, behind its generated interface: create
 * (idempotent with an Idempotency-Key), list, read, cancel and retry. Each client (the identity the gateway
 * signed) sees only its own jobs; an admin sees all. Database calls run off the event loop.
 */
public final class JobsEndpoint {

    static final int MAX_KEY_LENGTH = 255;
    static final int MAX_URL_LENGTH = 4096;

    private final JobStore store;
    private final JobWorker worker;
    private final JobsProperties properties;
    private final DestinationPolicy webhookPolicy;
    private final JobRunner runner;
    private final JsonMapper json;
    private final PublicUrls publicUrls;

    public JobsEndpoint(JobStore store, JobWorker worker, JobsProperties properties, DestinationPolicy webhookPolicy,
            JobRunner runner, JsonMapper json, PublicUrls publicUrls) {
        this.store = store;
        this.worker = worker;
        this.properties = properties;
        this.webhookPolicy = webhookPolicy;
        this.runner = runner;
        this.json = json;
        this.publicUrls = publicUrls;
    }

    /**
     * Creates a job: 201 with its Location. With an Idempotency-Key, the same key and body answer the same
     * job with 200; the same key with another body is 422; while the first request is still being created,
     * 409.
     */
    public Mono<ResponseEntity<JobView>> create(JobRequest request, String idempotencyKey, ServerWebExchange exchange) {
        return as(client -> {
            JobWorker.Accepted accepted = accept(request);
            // Keys are per client: two clients that pick the same key make two jobs.
            String key = idempotencyKey == null ? null : client.client() + "\n" + key(idempotencyKey);
            String fingerprint = fingerprint(request);
            if (key != null && !store.claimIdempotencyKey(key, fingerprint, properties.idempotencyTtl())) {
                KeyRecord known = store.idempotencyKey(key).orElseThrow(() -> new ProblemException(
                        ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT, "a request with this Idempotency-Key was just being created; send it again"));
                if (!known.fingerprint().equals(fingerprint)) {
                    throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was used for a different request body; use a new key for a new request");
                }
                if (known.jobId() == null) {
                    throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT,
                            "the first request with this Idempotency-Key is still being created; send it again in a moment",
                            Map.of("retryAfterSeconds", 1L), null);
                }
                JobView job = store.job(known.jobId(), true).orElseThrow();
                return ResponseEntity.ok().location(location(exchange, job.id())).body(job);
            }
            UUID id = UUID.randomUUID();
            try {
                if (store.countOpenJobs(client.client()) >= properties.maxOpenJobsPerClient()) {
                    throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "you have " + properties.maxOpenJobsPerClient()
                            + " jobs here that have not ended (suite.jobs.max-open-jobs-per-client); send this one again when some have",
                            Map.of("retryAfterSeconds", 30L), null);
                }
                if (store.countOpenJobs(null) >= properties.maxOpenJobs()) {
                    throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "the service holds " + properties.maxOpenJobs()
                            + " jobs that have not ended (suite.jobs.max-open-jobs); send this one again when some have",
                            Map.of("retryAfterSeconds", 30L), null);
                }
                store.insertJobForKey(id, client.client(), accepted.request(), accepted.reproducibility(), key);
            } catch (RuntimeException e) {
                if (key != null) {
                    store.releaseIdempotencyKey(key);
                }
                throw e;
            }
            if (runner != null) {
                runner.wakeUp();
            }
            return ResponseEntity.status(HttpStatus.CREATED).location(location(exchange, id)).body(store.job(id, true).orElseThrow());
        });
    }

    public Mono<ResponseEntity<JobPage>> list(String state, Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 20 : size;
        if (p < 0 || s < 1 || s > properties.maxPageSize()) {
            return Mono.error(new ProblemException(ProblemType.BAD_REQUEST,
                    "page must be ≥ 0 and size between 1 and " + properties.maxPageSize() + " (suite.jobs.max-page-size)"));
        }
        return as(client -> {
            String owner = client.has(ClientIdentity.ADMIN) ? null : client.client();
            return ResponseEntity.ok(new JobPage(store.jobs(owner, state, p, s), p, s, store.countJobs(owner, state)));
        });
    }

    /** The job, when the client asking may see it (its owner, or an admin): every result endpoint reads it here. */
    public Mono<ResponseEntity<JobView>> get(UUID id) {
        return as(client -> ResponseEntity.ok(found(id, client)));
    }

    /** Stops further claims; items already running finish. A finished job answers 409. */
    public Mono<ResponseEntity<JobView>> cancel(UUID id) {
        return as(client -> {
            JobView job = found(id, client);
            if (!store.cancel(id)) {
                throw new ProblemException(ProblemType.JOB_STATE_CONFLICT, "the job is " + job.state() + "; only a queued or running job can be cancelled");
            }
            return ResponseEntity.ok(found(id, client));
        });
    }

    /** Queues a finished job's failed items again (or its reading of the source, if that failed). */
    public Mono<ResponseEntity<JobView>> retry(UUID id) {
        return as(client -> {
            JobView job = found(id, client);
            if (!store.retryFailed(id)) {
                throw new ProblemException(ProblemType.JOB_STATE_CONFLICT, job.state().equals("succeeded") || job.state().equals("failed")
                        ? "the job has no failed items to retry"
                        : "the job is " + job.state() + "; only a finished job's failed items can be retried");
            }
            if (runner != null) {
                runner.wakeUp();
            }
            return ResponseEntity.ok(found(id, client));
        });
    }

    /** Another client's job is not found, as one that does not exist: its id says nothing. */
    private JobView found(UUID id, ClientIdentity client) {
        return store.job(id, true).filter(job -> client.sees(job.owner()))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "there is no job " + id));
    }

    private JobWorker.Accepted accept(JobRequest request) {
        if (request == null) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "a JSON body with manifestUrl or collectionUrl is required");
        }
        if ((request.manifestUrl() == null) == (request.collectionUrl() == null)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "give exactly one of manifestUrl and collectionUrl");
        }
        checkHttpUrl(request.sourceUrl(), request.isCollection() ? "collectionUrl" : "manifestUrl");
        if (request.canvasIds() != null) {
            if (request.isCollection()) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "canvasIds narrows a manifest; a collection job has none");
            }
            if (request.canvasIds().isEmpty() || request.canvasIds().size() > properties.maxItems()) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "canvasIds must list between 1 and " + properties.maxItems() + " canvases");
            }
            if (request.canvasIds().stream().anyMatch(c -> c == null || c.isBlank() || c.length() > MAX_URL_LENGTH)) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "every canvas id must be a non-empty string of at most " + MAX_URL_LENGTH + " characters");
            }
            if (request.canvasIds().stream().anyMatch(c -> c.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f))) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "a canvas id holds no control characters");
            }
        }
        // PostgreSQL keeps no NUL character, in text or in jsonb: a request carrying one anywhere (an option's
        // value, say) is refused here rather than failed by the database with a 500.
        if (json.writeValueAsString(request).contains("\\u0000")) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "the request holds the NUL character (\\u0000), which no field may");
        }
        if (request.webhook() != null) {
            if (request.webhook().url() == null) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "webhook.url is required when webhook is given");
            }
            if (properties.webhooks().secret().isEmpty()) {
                throw new ProblemException(ProblemType.WEBHOOKS_NOT_CONFIGURED,
                        "this deployment signs no webhooks: its operator has not set suite.jobs.webhooks.secret");
            }
            checkHttpUrl(request.webhook().url(), "webhook.url");
            try {
                webhookPolicy.checkUrl(request.webhook().url());
            } catch (RefusedException e) {
                throw new ProblemException(ProblemType.URL_REFUSED, "webhook.url: " + e.getMessage());
            }
        }
        return worker.accept(request);
    }

    private static void checkHttpUrl(String url, String field) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, field + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (url.length() > MAX_URL_LENGTH || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ProblemException(ProblemType.BAD_REQUEST, field + " must be an absolute http or https URL of at most "
                    + MAX_URL_LENGTH + " characters");
        }
    }

    /** The key as sent: a structured-field string ("…") or, leniently, a bare token. */
    static String key(String header) {
        String key = header.trim();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new ProblemException(ProblemType.BAD_REQUEST,
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters, e.g. a UUID");
        }
        return key;
    }

    private String fingerprint(JobRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The job's public URL (through the gateway), so that a client behind any proxy can follow it. */
    private URI location(ServerWebExchange exchange, UUID id) {
        String self = publicUrls.self(exchange.getRequest());
        return URI.create((self.endsWith("/") ? self : self + "/") + id);
    }

    /** Runs a blocking call for the request's client, off the event loop. */
    private static <T> Mono<T> as(Function<ClientIdentity, T> call) {
        return ClientIdentity.current().flatMap(client -> Mono.fromCallable(() -> call.apply(client)).subscribeOn(Schedulers.boundedElastic()));
    }
}
