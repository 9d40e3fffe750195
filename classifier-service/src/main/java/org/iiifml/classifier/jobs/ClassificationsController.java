package org.iiifml.classifier.jobs;

import java.util.List;
import java.util.UUID;
import org.iiifml.canvasjobs.worker.CanvasJobs;
import org.iiifml.classifier.api.ClassificationsApi;
import org.iiifml.classifier.api.model.CanvasClassification;
import org.iiifml.classifier.api.model.ClassificationList;
import org.iiifml.classifier.api.model.ModelRef;
import org.iiifml.classifier.api.model.Prediction;
import org.iiifml.jobs.api.JobsEndpoint;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** A classification job's results as typed JSON, canvas by canvas (for a collection, manifest by manifest). */
@RestController
class ClassificationsController implements ClassificationsApi {

    private final JobsEndpoint jobs;
    private final CanvasJobs<?, ClassificationResult> results;

    @SuppressWarnings("unchecked")
    ClassificationsController(JobsEndpoint jobs, CanvasJobs<?, ?> results) {
        this.jobs = jobs;
        this.results = (CanvasJobs<?, ClassificationResult>) results;
    }

    @Override
    public Mono<ResponseEntity<ClassificationList>> getClassifications(UUID jobId, ServerWebExchange exchange) {
        return jobs.get(jobId).map(ResponseEntity::getBody).map(job -> {
            List<CanvasClassification> canvases = results.canvasResults(job).stream().map(c -> {
                CanvasClassification canvas = new CanvasClassification(c.manifestUrl(), c.canvasId(), c.itemIndex(),
                        c.result().predictions().stream().map(p -> new Prediction(p.label(), p.score())).toList());
                canvas.setCanvasLabel(c.canvasLabel());
                canvas.setIiifRequest(c.result().iiifRequest());
                return canvas;
            }).toList();
            JsonNode model = job.reproducibility().path("model");
            return ResponseEntity.ok(new ClassificationList(job.id(), job.state(),
                    new ModelRef(model.path("name").asString(), model.path("version").asString(), model.path("sha256").asString()),
                    canvases));
        });
    }
}
