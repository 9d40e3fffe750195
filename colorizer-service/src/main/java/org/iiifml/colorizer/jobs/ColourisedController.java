package org.iiifml.colorizer.jobs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.iiifml.canvasjobs.archive.ResultArchive;
import org.iiifml.canvasjobs.fetcher.FetcherProblems;
import org.iiifml.canvasjobs.worker.CanvasJobs;
import org.iiifml.canvasjobs.worker.ItemResult;
import org.iiifml.client.fetcher.api.DocumentsApi;
import org.iiifml.colorizer.api.ColourisedApi;
import org.iiifml.colorizer.config.ColorizerProperties;
import org.iiifml.colorizer.results.ResultStore;
import org.iiifml.jobs.api.JobsEndpoint;
import org.iiifml.jobs.model.JobView;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A colourisation job's images as a zip and its two manifests (DerivativeManifests). The job operations
 * and the annotated manifest are the shared ones (jobs, canvas-jobs).
 */
@RestController
class ColourisedController implements ColourisedApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled");
    private static final MediaType LD_JSON = MediaType.parseMediaType("application/ld+json");

    private final JobsEndpoint jobs;
    private final CanvasJobs<?, ColorizationResult> results;
    private final ResultStore store;
    private final DocumentsApi documents;
    private final PublicUrls publicUrls;
    private final ColorizerProperties properties;

    @SuppressWarnings("unchecked")
    ColourisedController(JobsEndpoint jobs, CanvasJobs<?, ?> results, ResultStore store, DocumentsApi documents, PublicUrls publicUrls,
            ColorizerProperties properties) {
        this.jobs = jobs;
        this.results = (CanvasJobs<?, ColorizationResult>) results;
        this.store = store;
        this.documents = documents;
        this.publicUrls = publicUrls;
        this.properties = properties;
    }

    private Mono<JobView> job(UUID jobId) {
        return jobs.get(jobId).map(ResponseEntity::getBody);
    }

    @Override
    public Mono<ResponseEntity<Resource>> getImagesZip(UUID jobId, ServerWebExchange exchange) {
        return job(jobId).flatMap(job -> {
            if (!ENDED.contains(job.state())) {
                return Mono.error(new ProblemException(ProblemType.JOB_STATE_CONFLICT,
                        "job " + jobId + " is " + job.state() + "; its images are ready when it has ended"));
            }
            ResultArchive archive = new ResultArchive();
            StringBuilder index = new StringBuilder(ResultArchive.csv(List.of("file", "page", "canvas_id", "canvas_label", "width",
                    "height", "iiif_request", "problem")));
            DataBufferFactory buffers = exchange.getResponse().bufferFactory();
            // One stored image at a time, read off the event loop, written as it is added.
            Flux<byte[]> entries = Flux.fromIterable(results.results(job)).publishOn(Schedulers.boundedElastic()).map(item -> {
                ColorizationResult r = item.result();
                byte[] bytes = store.get(r.image()).orElse(null);
                String name = bytes == null ? "" : archive.name(r.page(), item.item().label(), 1);
                index.append(ResultArchive.csv(List.of(name, Integer.toString(r.page()), item.item().id(),
                        item.item().label() == null ? "" : item.item().label(), Integer.toString(r.width()), Integer.toString(r.height()),
                        r.iiifRequest() == null ? "" : r.iiifRequest(),
                        bytes == null ? "the colourised image is no longer kept (suite.colorizer.results-retention)" : "")));
                return bytes == null ? new byte[0] : archive.entry(name, bytes);
            }).concatWith(Mono.fromCallable(() -> archive.finish(index.toString())));
            String file = "colourised-" + jobId + ".zip";
            var response = exchange.getResponse();
            response.getHeaders().setContentType(MediaType.parseMediaType("application/zip"));
            response.getHeaders().set(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"; filename*=UTF-8''"
                    + URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20"));
            return response.writeWith(entries.filter(b -> b.length > 0).map(buffers::wrap)).then(Mono.<ResponseEntity<Resource>>empty());
        });
    }

    @Override
    public Mono<ResponseEntity<Map<String, Object>>> getDerivativeManifest(UUID jobId, ServerWebExchange exchange) {
        return manifest(jobId, exchange, false);
    }

    @Override
    public Mono<ResponseEntity<Map<String, Object>>> getChoiceManifest(UUID jobId, ServerWebExchange exchange) {
        return manifest(jobId, exchange, true);
    }

    @SuppressWarnings("unchecked")
    private Mono<ResponseEntity<Map<String, Object>>> manifest(UUID jobId, ServerWebExchange exchange, boolean choice) {
        String self = publicUrls.self(exchange.getRequest());
        String base = publicUrls.base(exchange.getRequest());
        return job(jobId).flatMap(job -> {
            String manifestUrl = job.parameters().manifestUrl();
            if (manifestUrl == null) {
                return Mono.error(new ProblemException(ProblemType.NOT_FOUND,
                        "job " + jobId + " is over a collection; each of its manifests is an item, with its canvases in the result"));
            }
            Map<String, ColorizationResult> byCanvas = new LinkedHashMap<>();
            for (ItemResult<ColorizationResult> item : results.results(job)) {
                byCanvas.put(item.item().id(), item.result());
            }
            JsonNode record = job.reproducibility();
            JsonNode model = record.path("model");
            Map<String, Object> settings = new LinkedHashMap<>();
            for (String key : List.of("renderFactor", "mark")) {
                if (record.has(key)) {
                    settings.put(key, JSON.convertValue(record.get(key), Object.class));
                }
            }
            var made = new DerivativeManifests.Made(model.path("name").asString(), model.path("version").asString(),
                    model.path("sha256").asString(), settings);
            var urls = new DerivativeManifests.Urls(self, manifestUrl, base + "/api/colorizer/images", base + "/api/colorizer/about",
                    properties.operatorName());
            return documents.getManifest(manifestUrl, null).onErrorMap(FetcherProblems::translate).map(source -> {
                JsonNode tree = JSON.valueToTree(source);
                return (Map<String, Object>) JSON.convertValue(choice ? DerivativeManifests.choice(tree, byCanvas, made, urls)
                        : DerivativeManifests.derivative(tree, byCanvas, made, urls), Map.class);
            });
        }).map(body -> ResponseEntity.ok().contentType(LD_JSON).header("Access-Control-Allow-Origin", "*").body(body));
    }
}
