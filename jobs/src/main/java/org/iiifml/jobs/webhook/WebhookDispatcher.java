package org.iiifml.jobs.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.iiifml.jobs.config.JobsProperties;
import org.iiifml.jobs.model.JobView;
import org.iiifml.jobs.store.JobStore;
import org.iiifml.jobs.store.JobStore.Delivery;
import org.iiifml.support.outbound.SafeHttpClient;
import org.iiifml.support.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends due webhook deliveries: a signed POST through the suite's outbound client (the fetcher's
 * destination rules, no redirects followed), retried with full-jitter exponential backoff until a 2xx or
 * the last attempt. Deliveries are rows, so a restart loses none; the body is built when sent, so a
 * progress delivery tells how far the job is then.
 */
public final class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 16;
    private static final Duration SEND_LEASE = Duration.ofMinutes(5);

    private final JobStore store;
    private final SafeHttpClient http;
    private final WebhookSigner signer;
    private final JobsProperties.Webhooks properties;
    private final JsonMapper json;
    private final Clock clock;

    public WebhookDispatcher(JobStore store, SafeHttpClient http, WebhookSigner signer, JobsProperties.Webhooks properties,
            JsonMapper json, Clock clock) {
        this.store = store;
        this.http = http;
        this.signer = signer;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** Claims the due deliveries and sends them; answers without waiting for the receivers. */
    public void dispatch(String owner) {
        for (Delivery delivery : store.claimDeliveries(owner, SEND_LEASE, BATCH)) {
            send(delivery);
        }
    }

    private void send(Delivery delivery) {
        byte[] body = body(delivery);
        Instant now = clock.instant();
        Map<String, String> headers = Map.of(
                "Content-Type", "application/json",
                "X-IIIF-ML-Event", delivery.event(),
                "X-IIIF-ML-Delivery", Long.toString(delivery.id()),
                WebhookSigner.SIGNATURE_HEADER, signer.sign(now, body));
        http.post(delivery.url(), body, headers)
                .publishOn(Schedulers.boundedElastic()) // the outcome is written with JDBC: off the event loop
                .subscribe(status -> {
                    if (status >= 200 && status < 300) {
                        store.delivered(delivery.id(), status);
                    } else {
                        failed(delivery, status, "the receiver answered HTTP " + status);
                    }
                }, error -> failed(delivery, null, error instanceof ProblemException ? error.getMessage() : error.toString()));
    }

    private void failed(Delivery delivery, Integer status, String error) {
        Instant next = delivery.attempts() >= properties.maxAttempts() ? null : clock.instant().plus(backoff(delivery.attempts()));
        if (next == null) {
            log.warn("Webhook delivery {} of job {} given up after {} attempts: {}", delivery.id(), delivery.jobId(),
                    delivery.attempts(), error);
        }
        store.deliveryFailed(delivery.id(), status, error, next);
    }

    private Duration backoff(int attempt) {
        long bound = Math.min(properties.backoffMax().toMillis(),
                properties.backoffBase().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1));
    }

    private byte[] body(Delivery delivery) {
        // The job without its items, and only the failed ones: a progress delivery of a big job stays small.
        JobView job = store.job(delivery.jobId(), false).orElseThrow();
        List<Map<String, Object>> failedItems = store.failedItems(delivery.jobId(), 1000).stream()
                .map(i -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("index", i.index());
                    item.put("id", i.id());
                    item.put("problem", i.problem());
                    return item;
                }).toList();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", delivery.event());
        payload.put("delivery", delivery.id());
        payload.put("job", job);
        payload.put("failedItems", failedItems);
        return json.writeValueAsBytes(payload);
    }
}
