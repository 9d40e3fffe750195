package org.iiifml.fetcher.jobs;

import java.util.UUID;
import org.iiifml.fetcher.api.JobsApi;
import org.iiifml.jobs.api.JobPage;
import org.iiifml.jobs.api.JobRequest;
import org.iiifml.jobs.api.JobView;
import org.iiifml.jobs.api.JobsEndpoint;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The fetcher's harvest jobs: the generated contract, answered by the shared job endpoint. */
@RestController
class JobsController implements JobsApi {

    private final JobsEndpoint jobs;

    JobsController(JobsEndpoint jobs) {
        this.jobs = jobs;
    }

    @Override
    public Mono<ResponseEntity<JobView>> createJob(Mono<JobRequest> jobRequest, String idempotencyKey, ServerWebExchange exchange) {
        return jobRequest.flatMap(request -> jobs.create(request, idempotencyKey, exchange));
    }

    @Override
    public Mono<ResponseEntity<JobPage>> listJobs(String state, Integer page, Integer size, ServerWebExchange exchange) {
        return jobs.list(state, page, size);
    }

    @Override
    public Mono<ResponseEntity<JobView>> getJob(UUID jobId, ServerWebExchange exchange) {
        return jobs.get(jobId);
    }

    @Override
    public Mono<ResponseEntity<JobView>> cancelJob(UUID jobId, ServerWebExchange exchange) {
        return jobs.cancel(jobId);
    }

    @Override
    public Mono<ResponseEntity<JobView>> retryJob(UUID jobId, ServerWebExchange exchange) {
        return jobs.retry(jobId);
    }
}
