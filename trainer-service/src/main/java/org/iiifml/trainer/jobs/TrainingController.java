package org.iiifml.trainer.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.iiifml.canvasjobs.worker.CanvasJobs;
import org.iiifml.jobs.api.JobsEndpoint;
import org.iiifml.jobs.model.JobView;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.publicurl.PublicUrls;
import org.iiifml.trainer.api.TrainingApi;
import org.iiifml.trainer.api.model.TrainingEpoch;
import org.iiifml.trainer.api.model.TrainingProgress;
import org.iiifml.trainer.api.model.TrainingStatus;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A training job's progress, figures, learning curve and preview grid; only its owner sees them (as the job itself). */
@RestController
class TrainingController implements TrainingApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JobsEndpoint jobs;
    private final ColorizationJob training;
    private final PublicUrls publicUrls;

    TrainingController(JobsEndpoint jobs, ColorizationJob training, PublicUrls publicUrls) {
        this.jobs = jobs;
        this.training = training;
        this.publicUrls = publicUrls;
    }

    @Override
    public Mono<ResponseEntity<TrainingStatus>> getTraining(UUID jobId, ServerWebExchange exchange) {
        String self = publicUrls.self(exchange.getRequest());
        return jobs.get(jobId).map(ResponseEntity::getBody).flatMap(job -> Mono.fromCallable(() -> status(job, self))
                .subscribeOn(Schedulers.boundedElastic())).map(status -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(status));
    }

    private TrainingStatus status(JobView job, String self) throws IOException {
        List<TrainingEpoch> epochs = new ArrayList<>();
        Path metrics = training.folder(job.id()).resolve("metrics.json");
        if (Files.exists(metrics)) {
            for (JsonNode e : JSON.readTree(Files.readAllBytes(metrics))) {
                epochs.add(new TrainingEpoch(e.path("epoch").asInt(), e.path("trainLoss").asDouble(), e.path("validationLoss").asDouble(),
                        e.path("deltaE").asDouble(), e.path("colourfulness").asDouble(), e.path("truthColourfulness").asDouble(),
                        e.path("seconds").asDouble()));
            }
        }
        JobView.Item step = job.items() == null ? null
                : job.items().stream().filter(i -> CanvasJobs.STEP_REF.equals(i.id())).findFirst().orElse(null);
        var progress = training.progress(job.id());
        TrainingStatus.StateEnum state = step != null && !step.state().equals("queued") && !step.state().equals("running")
                ? TrainingStatus.StateEnum.ENDED
                : progress.isPresent() ? TrainingStatus.StateEnum.TRAINING : TrainingStatus.StateEnum.WAITING;
        TrainingStatus status = new TrainingStatus(job.id(), state, epochs);
        progress.ifPresent(p -> status.progress(new TrainingProgress(p.epoch() + 1, p.epochs(), p.step(), p.stepsPerEpoch(), p.etaSeconds())));
        if (!epochs.isEmpty()) {
            status.curve(self.replaceFirst("/training$", "") + "/training/curve.svg");
            status.preview(self.replaceFirst("/training$", "") + "/training/preview.png");
        }
        return status;
    }

    @Override
    public Mono<ResponseEntity<Resource>> getLearningCurve(UUID jobId, ServerWebExchange exchange) {
        return file(jobId, "curve.svg", MediaType.parseMediaType("image/svg+xml"));
    }

    @Override
    public Mono<ResponseEntity<Resource>> getPreviewGrid(UUID jobId, ServerWebExchange exchange) {
        return file(jobId, "preview.png", MediaType.IMAGE_PNG);
    }

    private Mono<ResponseEntity<Resource>> file(UUID jobId, String name, MediaType type) {
        return jobs.get(jobId).flatMap(job -> Mono.fromCallable(() -> {
            Path file = training.folder(jobId).resolve(name);
            if (!Files.exists(file)) {
                throw new ProblemException(ProblemType.NOT_FOUND, "job " + jobId + " has no " + name + " yet: it is written after each epoch");
            }
            return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache())
                    .<Resource>body(new ByteArrayResource(Files.readAllBytes(file)));
        }).subscribeOn(Schedulers.boundedElastic()));
    }
}
