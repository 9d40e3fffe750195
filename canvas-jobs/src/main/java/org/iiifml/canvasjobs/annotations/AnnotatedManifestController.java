package org.iiifml.canvasjobs.annotations;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.iiifml.canvasjobs.api.AnnotationsApi;
import org.iiifml.canvasjobs.fetcher.PublishedManifests;
import org.iiifml.canvasjobs.worker.CanvasJobWorker;
import org.iiifml.canvasjobs.worker.CanvasJobs;
import org.iiifml.canvasjobs.worker.ItemResult;
import org.iiifml.client.fetcher.api.DocumentsApi;
import org.iiifml.iiif.annotation.AnnotatedManifests;
import org.iiifml.iiif.annotation.Annotation;
import org.iiifml.iiif.annotation.Generator;
import org.iiifml.jobs.api.JobsEndpoint;
import org.iiifml.jobs.model.JobView;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's manifest as published (v2 stays v2, v3 stays v3) with each canvas's results as the annotations
 * the service makes of them, under {@code suite.service.api-prefix}. One for every model service.
 */
@RestController
@RequestMapping("${suite.service.api-prefix}")
public class AnnotatedManifestController implements AnnotationsApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JobsEndpoint jobs;
    private final CanvasJobs<?, ?> canvasJobs;
    private final DocumentsApi documents;
    private final PublicUrls publicUrls;

    public AnnotatedManifestController(JobsEndpoint jobs, CanvasJobs<?, ?> canvasJobs, DocumentsApi documents, PublicUrls publicUrls) {
        this.jobs = jobs;
        this.canvasJobs = canvasJobs;
        this.documents = documents;
        this.publicUrls = publicUrls;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Mono<ResponseEntity<Map<String, Object>>> getAnnotatedManifest(UUID jobId, ServerWebExchange exchange) {
        String self = publicUrls.self(exchange.getRequest());
        return jobs.get(jobId).map(ResponseEntity::getBody).flatMap(job -> {
            String manifestUrl = job.parameters().manifestUrl();
            if (manifestUrl == null) {
                return Mono.error(new ProblemException(ProblemType.NOT_FOUND,
                        "job " + jobId + " is over a collection; each of its manifests is an item, with its canvases in the result"));
            }
            Map<String, List<Annotation>> byCanvas = annotations(canvasJobs, job, self);
            Map<String, Integer> indexes = new HashMap<>();
            job.items().forEach(item -> indexes.putIfAbsent(item.id(), item.index()));
            return PublishedManifests.get(documents, manifestUrl).map(source -> (Map<String, Object>) JSON.convertValue(
                    AnnotatedManifests.annotate(JSON.valueToTree(source), byCanvas, canvas -> self + "/pages/" + indexes.get(canvas)),
                    Map.class));
        }).map(annotated -> ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/ld+json"))
                .header("Access-Control-Allow-Origin", "*")
                .body(annotated));
    }

    private static <R> Map<String, List<Annotation>> annotations(CanvasJobs<?, R> canvasJobs, JobView job, String self) {
        Generator generator = canvasJobs.generator(job);
        CanvasJobWorker<?, R> worker = canvasJobs.worker();
        Map<String, List<Annotation>> byCanvas = new LinkedHashMap<>();
        for (ItemResult<R> result : canvasJobs.results(job)) {
            int index = result.item().index();
            CanvasJobWorker.AnnotationIds ids = new CanvasJobWorker.AnnotationIds() {
                @Override
                public String canvasId() {
                    return result.item().id();
                }

                @Override
                public String id(int k) {
                    return self + "/annotations/" + index + "/" + k;
                }

                @Override
                public Generator generator() {
                    return generator;
                }
            };
            byCanvas.computeIfAbsent(result.item().id(), k -> new java.util.ArrayList<>()).addAll(worker.annotations(result.result(), ids));
        }
        return byCanvas;
    }
}
