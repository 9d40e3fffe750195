package org.iiifml.extractor.jobs;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.iiifml.client.fetcher.api.DocumentsApi;
import org.iiifml.client.fetcher.api.ImagesApi;
import org.iiifml.extractor.api.JobsApi;
import org.iiifml.extractor.api.model.ModelRef;
import org.iiifml.extractor.api.model.Region;
import org.iiifml.extractor.api.model.RegionList;
import org.iiifml.extractor.config.ExtractorProperties;
import org.iiifml.iiif.annotation.AnnotatedManifests;
import org.iiifml.iiif.annotation.Annotation;
import org.iiifml.iiif.annotation.Body;
import org.iiifml.iiif.annotation.Generator;
import org.iiifml.iiif.annotation.Selector;
import org.iiifml.iiif.annotation.Target;
import org.iiifml.jobs.api.JobPage;
import org.iiifml.jobs.api.JobRequest;
import org.iiifml.jobs.api.JobView;
import org.iiifml.jobs.api.JobsEndpoint;
import org.iiifml.support.publicurl.PublicUrls;
import org.iiifml.support.fetcher.FetcherProblems;
import org.iiifml.support.fetcher.PublishedManifests;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Extraction jobs (the shared job endpoint), their regions, their crops as a zip, and the annotated manifest. */
@RestController
class ExtractorJobsController implements JobsApi {

    private static final int FULL = 100_000;
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled");

    private final JobsEndpoint jobs;
    private final PublicUrls publicUrls;
    private final DocumentsApi documents;
    private final ImagesApi images;
    private final ExtractorProperties properties;

    ExtractorJobsController(JobsEndpoint jobs, DocumentsApi documents, ImagesApi images, ExtractorProperties properties,
            PublicUrls publicUrls) {
        this.publicUrls = publicUrls;
        this.jobs = jobs;
        this.documents = documents;
        this.images = images;
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

    /** A crop's bytes, or the problem that kept it out of the zip. */
    private record Crop(Found found, byte[] bytes, String problem) {
    }

    /** One region of a job's result, with where it came from. */
    record Found(JobView.Item item, int page, int index, JsonNode region) {
    }

    /** Every region of the job's succeeded items, canvas by canvas in job order, best score first on each. */
    static List<Found> regions(JobView job) {
        List<Found> all = new ArrayList<>();
        for (JobView.Item item : job.items()) {
            if (!"succeeded".equals(item.state()) || item.result() == null) {
                continue;
            }
            int page = item.result().path("page").asInt(item.index() + 1);
            int k = 1;
            for (JsonNode region : item.result().path("regions")) {
                all.add(new Found(item, page, k++, region));
            }
        }
        return all;
    }

    private Mono<JobView> job(UUID jobId) {
        return jobs.get(jobId).map(ResponseEntity::getBody);
    }

    @Override
    public Mono<ResponseEntity<RegionList>> getRegions(UUID jobId, ServerWebExchange exchange) {
        return job(jobId).map(job -> {
            List<Region> regions = regions(job).stream().map(f -> {
                JsonNode r = f.region();
                Region region = new Region(f.item().id(), f.page(), f.index(), r.path("x").asInt(), r.path("y").asInt(),
                        r.path("w").asInt(), r.path("h").asInt(), r.path("score").floatValue(), r.path("label").asString());
                region.setCanvasLabel(f.item().label());
                region.setIiifRegionUrl(r.path("iiifRegionUrl").asString(null));
                return region;
            }).toList();
            RegionList list = new RegionList(job.id(), job.state(), job.parameters().manifestUrl(), regions);
            JsonNode model = job.reproducibility().path("model");
            list.setModel(new ModelRef(model.path("name").asString(), model.path("version").asString(), model.path("sha256").asString()));
            return ResponseEntity.ok(list);
        });
    }

    /**
     * The crops, streamed: each fetched through the fetcher by canvas region at full resolution (as large as
     * the server allows), a few at once, written in order; then index.csv and the zip's directory.
     */
    @Override
    public Mono<ResponseEntity<org.springframework.core.io.Resource>> getCrops(UUID jobId, ServerWebExchange exchange) {
        return job(jobId).flatMap(job -> {
            if (!ENDED.contains(job.state())) {
                return Mono.error(new ProblemException(ProblemType.JOB_STATE_CONFLICT,
                        "job " + jobId + " is " + job.state() + "; its crops are ready when it has ended"));
            }
            String manifestUrl = job.parameters().manifestUrl();
            CropArchive archive = new CropArchive();
            StringBuilder index = new StringBuilder(CropArchive.csv(List.of("file", "page", "canvas_id", "canvas_label", "label",
                    "score", "x", "y", "w", "h", "iiif_region_url", "problem")));
            DataBufferFactory buffers = exchange.getResponse().bufferFactory();
            Flux<DataBuffer> body = Flux.fromIterable(regions(job))
                    .flatMapSequential(found -> crop(manifestUrl, found)
                            .map(bytes -> new Crop(found, bytes, null))
                            .onErrorResume(e -> Mono.just(new Crop(found, null, problem(e)))), properties.cropConcurrency())
                    .map(fetched -> {
                        Found f = fetched.found();
                        byte[] bytes = fetched.bytes();
                        String name = bytes == null ? "" : archive.name(f.page(), f.item().label(), f.index());
                        JsonNode r = f.region();
                        index.append(CropArchive.csv(List.of(name, Integer.toString(f.page()), f.item().id(),
                                f.item().label() == null ? "" : f.item().label(), r.path("label").asString(),
                                String.format(java.util.Locale.ROOT, "%.4f", r.path("score").floatValue()),
                                r.path("x").asString(), r.path("y").asString(), r.path("w").asString(), r.path("h").asString(),
                                r.path("iiifRegionUrl").asString(""), fetched.problem() == null ? "" : fetched.problem())));
                        return bytes == null ? new byte[0] : archive.entry(name, bytes);
                    })
                    .concatWith(Mono.fromCallable(() -> {
                        byte[] last = archive.entry("index.csv", index.toString().getBytes(StandardCharsets.UTF_8));
                        byte[] end = archive.finish();
                        byte[] both = new byte[last.length + end.length];
                        System.arraycopy(last, 0, both, 0, last.length);
                        System.arraycopy(end, 0, both, last.length, end.length);
                        return both;
                    }))
                    .filter(bytes -> bytes.length > 0)
                    .map(buffers::wrap);
            String file = "illustrations-" + jobId + ".zip";
            var response = exchange.getResponse();
            response.getHeaders().setContentType(MediaType.parseMediaType("application/zip"));
            response.getHeaders().set(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"; filename*=UTF-8''"
                    + URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20"));
            // Written here as it is made: the generated interface's Resource would hold the whole zip.
            return response.writeWith(body).then(Mono.<ResponseEntity<org.springframework.core.io.Resource>>empty());
        });
    }

    private Mono<byte[]> crop(String manifestUrl, Found found) {
        JsonNode r = found.region();
        String region = r.path("x").asInt() + "," + r.path("y").asInt() + "," + r.path("w").asInt() + "," + r.path("h").asInt();
        // The largest box the fetcher takes: it never scales up past the region's own pixels and clamps to
        // the server's limits, so this is full resolution wherever the server allows it.
        return images.getImage(FULL, FULL, null, manifestUrl, found.item().id(), region, false, "jpg")
                .onErrorMap(FetcherProblems::translate)
                .map(resource -> {
                    try {
                        return resource.getContentAsByteArray();
                    } catch (IOException e) {
                        throw new ProblemException(ProblemType.BAD_GATEWAY, "the crop could not be read from the iiif-fetcher");
                    }
                });
    }

    private static String problem(Throwable e) {
        return e instanceof ProblemException p ? p.type().uri() + " " + p.getMessage() : "the crop could not be fetched";
    }

    @Override
    public Mono<ResponseEntity<Map<String, Object>>> getAnnotatedManifest(UUID jobId, ServerWebExchange exchange) {
        String self = publicUrls.self(exchange.getRequest());
        return job(jobId).flatMap(job -> PublishedManifests.get(documents, job.parameters().manifestUrl())
                        .map(source -> annotate(source, job, self)))
                .map(annotated -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("application/ld+json"))
                        .header("Access-Control-Allow-Origin", "*")
                        .body(annotated));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> annotate(Map<String, Object> source, JobView job, String self) {
        JsonNode model = job.reproducibility().path("model");
        Generator generator = new Generator("urn:iiif-ml:model:" + model.path("name").asString() + ":" + model.path("version").asString()
                + ":sha256:" + model.path("sha256").asString(), "extractor-service " + model.path("name").asString(),
                model.path("version").asString());
        Map<String, List<Annotation>> byCanvas = new LinkedHashMap<>();
        Map<String, Integer> indexes = new HashMap<>();
        for (Found f : regions(job)) {
            indexes.putIfAbsent(f.item().id(), f.item().index());
            JsonNode r = f.region();
            String xywh = "xywh=" + r.path("x").asInt() + "," + r.path("y").asInt() + "," + r.path("w").asInt() + "," + r.path("h").asInt();
            byCanvas.computeIfAbsent(f.item().id(), k -> new ArrayList<>()).add(new Annotation(
                    self + "/annotations/" + f.item().index() + "/" + f.index(), List.of("tagging"),
                    List.of(Body.text(r.path("label").asString(), "en", "tagging", r.path("score").asDouble())),
                    new Target(f.item().id(), new Selector("FragmentSelector", xywh)), generator));
        }
        JsonNode sourceNode = ExtractJobWorker.JSON.valueToTree(source);
        ObjectNode annotated = AnnotatedManifests.annotate(sourceNode, byCanvas, canvas -> self + "/pages/" + indexes.get(canvas));
        return ExtractJobWorker.JSON.convertValue(annotated, Map.class);
    }
}
