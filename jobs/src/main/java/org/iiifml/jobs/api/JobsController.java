package org.iiifml.jobs.api;

import java.util.UUID;
import org.iiifml.jobs.model.JobPage;
import org.iiifml.jobs.model.JobRequest;
import org.iiifml.jobs.model.JobView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The job operations of openapi/jobs.yaml, generated and answered once for every service with jobs, under
 * its prefix ({@code suite.service.api-prefix}, e.g. /api/classifier/jobs).
 */
@RestController
@RequestMapping("${suite.service.api-prefix}")
public class JobsController implements JobsApi {

    private final JobsEndpoint jobs;

    public JobsController(JobsEndpoint jobs) {
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
