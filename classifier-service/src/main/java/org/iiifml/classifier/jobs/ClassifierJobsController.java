package org.iiifml.classifier.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.iiifml.classifier.api.JobsApi;
import org.iiifml.client.fetcher.api.DocumentsApi;
import org.iiifml.iiif.annotation.AnnotatedManifests;
import org.iiifml.iiif.annotation.Annotation;
import org.iiifml.iiif.annotation.Body;
import org.iiifml.iiif.annotation.Generator;
import org.iiifml.iiif.annotation.Target;
import org.iiifml.classifier.config.ClassifierProperties;
import org.iiifml.jobs.api.JobPage;
import org.iiifml.jobs.api.JobRequest;
import org.iiifml.jobs.api.JobView;
import org.iiifml.jobs.api.JobsEndpoint;
import org.iiifml.support.publicurl.PublicUrls;
import org.iiifml.support.fetcher.PublishedManifests;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Classification jobs (the shared job endpoint) and the manifest annotated with their results. */
@RestController
class ClassifierJobsController implements JobsApi {

    private final JobsEndpoint jobs;
    private final PublicUrls publicUrls;
    private final ClassifierProperties properties;
    private final DocumentsApi documents;

    ClassifierJobsController(JobsEndpoint jobs, DocumentsApi documents, PublicUrls publicUrls, ClassifierProperties properties) {
        this.jobs = jobs;
        this.documents = documents;
        this.publicUrls = publicUrls;
        this.properties = properties;
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

    @Override
    public Mono<ResponseEntity<Map<String, Object>>> getAnnotatedManifest(UUID jobId, ServerWebExchange exchange) {
        String self = publicUrls.self(exchange.getRequest());
        return jobs.get(jobId).map(ResponseEntity::getBody).flatMap(job -> {
            String manifestUrl = job.parameters().manifestUrl();
            if (manifestUrl == null) {
                return Mono.error(new ProblemException(ProblemType.NOT_FOUND,
                        "job " + jobId + " is over a collection; each of its manifests is an item, with its canvases in the result"));
            }
            return PublishedManifests.get(documents, manifestUrl).map(source -> annotate(source, job, self, properties));
        }).map(annotated -> ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/ld+json"))
                .header("Access-Control-Allow-Origin", "*")
                .body(annotated));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> annotate(Map<String, Object> source, JobView job, String self, ClassifierProperties properties) {
        JsonNode model = job.reproducibility().path("model");
        Generator generator = new Generator("urn:iiif-ml:model:" + model.path("name").asString() + ":" + model.path("version").asString()
                + ":sha256:" + model.path("sha256").asString(), "classifier-service " + model.path("name").asString(),
                model.path("version").asString());
        Map<String, List<Annotation>> byCanvas = new LinkedHashMap<>();
        Map<String, Integer> indexes = new java.util.HashMap<>();
        for (JobView.Item item : job.items()) {
            indexes.putIfAbsent(item.id(), item.index());
            if (!"succeeded".equals(item.state()) || item.result() == null) {
                continue;
            }
            // Only the labels a viewer should show: predictions come best first; the rest stay in the results.
            List<Annotation> annotations = new ArrayList<>();
            int k = 0;
            for (JsonNode prediction : item.result().path("predictions")) {
                if (k >= properties.annotationMaxLabels() || prediction.path("score").asDouble() < properties.annotationMinScore()) {
                    break;
                }
                annotations.add(new Annotation(self + "/annotations/" + item.index() + "/" + (k++), List.of("classifying"),
                        List.of(Body.text(prediction.path("label").asString(), "en", "classifying", prediction.path("score").asDouble())),
                        new Target(item.id(), null), generator));
            }
            byCanvas.put(item.id(), annotations);
        }
        JsonNode sourceNode = ClassifyJobWorker.JSON.valueToTree(source);
        ObjectNode annotated = AnnotatedManifests.annotate(sourceNode, byCanvas, canvas -> self + "/pages/" + indexes.get(canvas));
        return ClassifyJobWorker.JSON.convertValue(annotated, Map.class);
    }
}
