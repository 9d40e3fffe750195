package org.iiifml.trainer.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.iiifml.canvasjobs.worker.CanvasJobWorker;
import org.iiifml.canvasjobs.worker.CanvasJobs;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.jobs.model.JobRequest;
import org.iiifml.jobs.model.JobView;
import org.iiifml.jobs.store.JobStore;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.trainer.colorization.ColorizationTraining;
import org.iiifml.trainer.config.TrainerProperties;
import org.iiifml.trainer.dataset.DatasetImages;
import org.iiifml.trainer.dataset.Splits;
import org.iiifml.trainer.publish.ColorizationPublisher;
import org.iiifml.trainer.report.ReportWriter;
import org.iiifml.trainer.training.Checkpoints;
import org.iiifml.trainer.training.TrainingCancelled;
import org.iiifml.trainer.training.TrainingFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A training job's last item: waits for its canvases to be fetched, splits their images by seed and content
 * hash, trains a colouriser in this process (one training at a time by default, the others waiting their
 * turn), writes its report as it goes, and publishes the model. Its folder
 * ({@code <work>/trainings/<job id>}) holds the checkpoints, so an item taken up again after the process died
 * resumes from the last one; a model already published by an earlier attempt is answered, not trained twice.
 */
public final class ColorizationJob implements CanvasJobWorker.JobStep<TrainingOptions> {

    private static final Logger log = LoggerFactory.getLogger(ColorizationJob.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss");

    private final ObjectProvider<JobStore> store;
    private final TrainerProperties properties;
    private final DatasetImages images;
    private final ModelStore models;
    private final Path trainings;
    private final String software;
    private final Semaphore turns;
    private final Map<UUID, ReportWriter> running = new ConcurrentHashMap<>();

    public ColorizationJob(ObjectProvider<JobStore> store, TrainerProperties properties, DatasetImages images, ModelStore models,
            Path trainings, String software) {
        this.store = store;
        this.properties = properties;
        this.images = images;
        this.models = models;
        this.trainings = trainings;
        this.software = software;
        this.turns = new Semaphore(properties.concurrentTrainings(), true);
    }

    @Override
    public String label() {
        return "training";
    }

    /** A training's folder: its report (metrics.json, curve.svg, preview.png) and checkpoints. */
    public Path folder(UUID jobId) {
        return trainings.resolve(jobId.toString());
    }

    /** The progress of a training running in this process. */
    public Optional<ColorizationTraining.Progress> progress(UUID jobId) {
        return Optional.ofNullable(running.get(jobId)).map(ReportWriter::progress);
    }

    @Override
    public JsonNode run(UUID jobId, TrainingOptions options, JobRequest request) {
        Path folder = folder(jobId);
        Path published = folder.resolve("published.json");
        try {
            if (Files.exists(published)) {
                return JSON.readTree(Files.readAllBytes(published));
            }
            BooleanSupplier cancelled = cancellation(jobId);
            JobView job = awaitCanvases(jobId, cancelled);
            Dataset dataset = dataset(job, options);
            if (dataset.train.size() + dataset.validation.size() < properties.minImages()) {
                throw new ProblemException(ProblemType.TRAINING_FAILED, "only " + (dataset.train.size() + dataset.validation.size())
                        + " distinct images reached the dataset; a training needs at least " + properties.minImages()
                        + " (suite.trainer.min-images). See the job's failed items for why the others did not");
            }
            long pixels = (long) (dataset.train.size() + dataset.validation.size()) * options.imageSize() * options.imageSize();
            if (pixels > properties.maxDatasetPixels()) {
                throw new ProblemException(ProblemType.TRAINING_FAILED, (dataset.train.size() + dataset.validation.size()) + " images at "
                        + options.imageSize() + " px are " + pixels + " pixels, more than a training holds in memory ("
                        + properties.maxDatasetPixels() + ", suite.trainer.max-dataset-pixels): train at a smaller imageSize or on fewer images");
            }
            acquire(cancelled);
            try {
                JsonNode result = train(jobId, options, request, dataset, folder, cancelled);
                Files.writeString(published, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
                return result;
            } finally {
                turns.release();
            }
        } catch (TrainingCancelled e) {
            throw new ProblemException(ProblemType.JOB_STATE_CONFLICT, "the job was cancelled; the training stopped at its last checkpoint");
        } catch (TrainingFailed e) {
            throw new ProblemException(ProblemType.TRAINING_FAILED, e.getMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode train(UUID jobId, TrainingOptions options, JobRequest request, Dataset dataset, Path folder, BooleanSupplier cancelled) {
        ReportWriter report = new ReportWriter(folder, options.imageSize());
        running.put(jobId, report);
        try (ColorizationTraining training = new ColorizationTraining(options.settings(properties.checkpointSteps()))) {
            List<int[]> train = dataset.train.stream().map(sha -> images.get(sha, options.imageSize())).toList();
            List<int[]> validation = dataset.validation.stream().map(sha -> images.get(sha, options.imageSize())).toList();
            log.info("Training {} for job {}: {} training and {} validation images at {} px, {} epochs on {}", options.name(), jobId,
                    train.size(), validation.size(), options.imageSize(), options.epochs(), training.device());
            var result = training.train(train, validation, new Checkpoints(folder.resolve("checkpoints")), report, cancelled);
            String version = ZonedDateTime.now(ZoneOffset.UTC).format(VERSION);
            ObjectNode record = dataset.record(request, options);
            var stored = ColorizationPublisher.publish(training, result, models, options.name(), version, validation, record,
                    options.licence(), software);
            var best = result.history().get(result.bestEpoch() - 1);
            ObjectNode answer = JSON.createObjectNode();
            answer.put("model", stored.descriptor().key()).put("sha256", stored.descriptor().sha256())
                    .put("contract", stored.descriptor().contract()).put("imageSize", options.imageSize())
                    .put("trainImages", train.size()).put("validationImages", validation.size())
                    .put("epochs", result.history().size()).put("bestEpoch", result.bestEpoch()).put("stoppedEarly", result.stoppedEarly())
                    .put("resumed", result.resumed())
                    .put("onnxParityMaxAbsDiff", stored.descriptor().provenance().path("onnxParityMaxAbsDiff").asDouble());
            answer.set("best", JSON.valueToTree(best));
            return answer;
        } finally {
            running.remove(jobId);
        }
    }

    /**
     * Waits for every canvas item of the job to end (the training item is the job's last, so the job's
     * counts say when all but it have), then reads the items once.
     */
    private JobView awaitCanvases(UUID jobId, BooleanSupplier cancelled) {
        while (true) {
            JobView job = store.getObject().job(jobId, false).orElseThrow(TrainingCancelled::new);
            JobView.Progress p = job.progress();
            if (p.done() + p.failed() >= p.total() - 1) {
                return store.getObject().job(jobId, true).orElseThrow(TrainingCancelled::new);
            }
            if (cancelled.getAsBoolean()) {
                throw new TrainingCancelled();
            }
            sleep(500);
        }
    }

    private void acquire(BooleanSupplier cancelled) {
        try {
            while (!turns.tryAcquire(1, java.util.concurrent.TimeUnit.SECONDS)) {
                if (cancelled.getAsBoolean()) {
                    throw new TrainingCancelled();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingCancelled();
        }
    }

    /** True once the job is cancelled or this process is stopping; the store is asked at most once a second. */
    private BooleanSupplier cancellation(UUID jobId) {
        long[] next = {0};
        boolean[] cancelled = {false};
        return () -> {
            if (Thread.currentThread().isInterrupted()) {
                return true;
            }
            long now = System.nanoTime();
            if (!cancelled[0] && now >= next[0]) {
                next[0] = now + 1_000_000_000L;
                cancelled[0] = store.getObject().job(jobId, false).map(j -> j.state().equals("cancelled")).orElse(true);
            }
            return cancelled[0];
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingCancelled();
        }
    }

    /** The distinct images of the job's succeeded canvases, split by seed and content hash. */
    private record Dataset(List<String> train, List<String> validation, int canvases, int failed) {

        ObjectNode record(JobRequest request, TrainingOptions options) {
            ObjectNode record = JSON.createObjectNode();
            if (request.manifestUrl() != null) {
                record.put("manifestUrl", request.manifestUrl());
            }
            if (request.collectionUrl() != null) {
                record.put("collectionUrl", request.collectionUrl());
            }
            record.put("canvases", canvases).put("canvasesFailed", failed).put("distinctImages", train.size() + validation.size())
                    .put("seed", options.seed()).put("validationFraction", options.validationFraction())
                    .put("split", "by sha256(seed:content sha256) of each image at the training size");
            record.putObject("counts").put("train", train.size()).put("validation", validation.size());
            record.putArray("trainSha256").addAll(train.stream().map(JSON.getNodeFactory()::stringNode).toList());
            record.putArray("validationSha256").addAll(validation.stream().map(JSON.getNodeFactory()::stringNode).toList());
            return record;
        }
    }

    private static Dataset dataset(JobView job, TrainingOptions options) {
        TreeSet<String> hashes = new TreeSet<>();
        int canvases = 0;
        int failed = 0;
        for (JobView.Item item : job.items()) {
            if (CanvasJobs.STEP_REF.equals(item.id())) {
                continue;
            }
            if (!"succeeded".equals(item.state()) || item.result() == null) {
                canvases++;
                failed++;
                continue;
            }
            if (item.result().has("canvases")) {
                for (JsonNode canvas : item.result().path("canvases")) {
                    canvases++;
                    if (canvas.hasNonNull("sha256")) {
                        hashes.add(canvas.get("sha256").asString());
                    } else {
                        failed++;
                    }
                }
            } else {
                canvases++;
                hashes.add(item.result().path("sha256").asString());
            }
        }
        List<String> train = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        for (String sha : hashes) {
            (Splits.of(sha, options.seed(), options.validationFraction()).equals(Splits.VALIDATION) ? validation : train).add(sha);
        }
        // Both splits need an image; the one moved is chosen by hash order, so the same data splits the same way.
        if (validation.isEmpty() && train.size() > 1) {
            validation.add(train.remove(0));
        } else if (train.isEmpty() && validation.size() > 1) {
            train.add(validation.remove(0));
        }
        return new Dataset(train, validation, canvases, failed);
    }
}
