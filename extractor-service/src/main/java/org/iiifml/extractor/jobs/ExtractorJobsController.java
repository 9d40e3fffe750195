package org.iiifml.extractor.jobs;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.iiifml.canvasjobs.archive.ResultArchive;
import org.iiifml.canvasjobs.fetcher.FetcherProblems;
import org.iiifml.canvasjobs.worker.CanvasJobs;
import org.iiifml.canvasjobs.worker.ItemResult;
import org.iiifml.client.fetcher.api.ImagesApi;
import org.iiifml.extractor.api.ExtractionApi;
import org.iiifml.extractor.api.model.ModelRef;
import org.iiifml.extractor.api.model.Region;
import org.iiifml.extractor.api.model.RegionList;
import org.iiifml.extractor.config.ExtractorProperties;
import org.iiifml.jobs.api.JobsEndpoint;
import org.iiifml.jobs.model.JobView;
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

/**
 * A finished extraction job's regions as typed JSON and its crops as a zip. The job operations and the
 * annotated manifest are the shared ones (jobs, canvas-jobs).
 */
@RestController
class ExtractorJobsController implements ExtractionApi {

    private static final int FULL = 100_000;
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled");

    private final JobsEndpoint jobs;
    private final CanvasJobs<?, ExtractionResult> results;
    private final ImagesApi images;
    private final ExtractorProperties properties;

    @SuppressWarnings("unchecked")
    ExtractorJobsController(JobsEndpoint jobs, CanvasJobs<?, ?> results, ImagesApi images, ExtractorProperties properties) {
        this.jobs = jobs;
        this.results = (CanvasJobs<?, ExtractionResult>) results;
        this.images = images;
        this.properties = properties;
    }

    /** A crop's bytes, or the problem that kept it out of the zip. */
    private record Crop(Found found, byte[] bytes, String problem) {
    }

    /** One region of a job's result, with where it came from. */
    record Found(ItemResult<ExtractionResult> item, int index, ExtractionResult.Found region) {

        String canvasId() {
            return item.item().id();
        }

        String canvasLabel() {
            return item.item().label();
        }

        int page() {
            return item.result().page();
        }
    }

    /** Every region of the job's succeeded items, canvas by canvas in job order, best score first on each. */
    private List<Found> regions(JobView job) {
        List<Found> all = new ArrayList<>();
        for (ItemResult<ExtractionResult> item : results.results(job)) {
            int k = 1;
            for (ExtractionResult.Found region : item.result().regions()) {
                all.add(new Found(item, k++, region));
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
                ExtractionResult.Found r = f.region();
                Region region = new Region(f.canvasId(), f.page(), f.index(), r.x(), r.y(), r.w(), r.h(), r.score(), r.label());
                region.setCanvasLabel(f.canvasLabel());
                region.setIiifRegionUrl(r.iiifRegionUrl());
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
            ResultArchive archive = new ResultArchive();
            StringBuilder index = new StringBuilder(ResultArchive.csv(List.of("file", "page", "canvas_id", "canvas_label", "label",
                    "score", "x", "y", "w", "h", "iiif_region_url", "problem")));
            DataBufferFactory buffers = exchange.getResponse().bufferFactory();
            Flux<DataBuffer> body = Flux.fromIterable(regions(job))
                    .flatMapSequential(found -> crop(manifestUrl, found)
                            .map(bytes -> new Crop(found, bytes, null))
                            .onErrorResume(e -> Mono.just(new Crop(found, null, problem(e)))), properties.cropConcurrency())
                    .map(fetched -> {
                        Found f = fetched.found();
                        byte[] bytes = fetched.bytes();
                        String name = bytes == null ? "" : archive.name(f.page(), f.canvasLabel(), f.index());
                        ExtractionResult.Found r = f.region();
                        index.append(ResultArchive.csv(List.of(name, Integer.toString(f.page()), f.canvasId(),
                                f.canvasLabel() == null ? "" : f.canvasLabel(), r.label(),
                                String.format(java.util.Locale.ROOT, "%.4f", r.score()),
                                Integer.toString(r.x()), Integer.toString(r.y()), Integer.toString(r.w()), Integer.toString(r.h()),
                                r.iiifRegionUrl() == null ? "" : r.iiifRegionUrl(), fetched.problem() == null ? "" : fetched.problem())));
                        return bytes == null ? new byte[0] : archive.entry(name, bytes);
                    })
                    .concatWith(Mono.fromCallable(() -> archive.finish(index.toString())))
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
        ExtractionResult.Found r = found.region();
        ExtractionResult result = found.item().result();
        // The largest box the fetcher takes: it never scales up past the region's own pixels and clamps to
        // the server's limits, so this is full resolution wherever the server allows it. By the image's
        // service and the box in its pixels, as the job kept them; without them (an image with no service,
        // a row kept before), by the canvas, which has the fetcher read the manifest.
        Mono<org.springframework.core.io.Resource> crop = result.imageService() != null && r.imageRegion() != null
                ? images.getImage(FULL, FULL, result.imageService(), null, null, null, r.imageRegion(), false, "jpg")
                : images.getImage(FULL, FULL, null, null, manifestUrl, found.canvasId(), r.xywh(), false, "jpg");
        return crop
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
}
