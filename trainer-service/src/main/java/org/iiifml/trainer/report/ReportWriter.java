package org.iiifml.trainer.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iiifml.trainer.colorization.ColorizationTraining;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps a training's report in its folder as it runs: {@code metrics.json} (every epoch's figures),
 * {@code curve.svg} and {@code preview.png} rewritten after each epoch, each replaced whole; and the latest
 * progress in memory for the job's status.
 */
public final class ReportWriter implements ColorizationTraining.Listener {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path directory;
    private final int size;
    private volatile ColorizationTraining.Progress progress;

    public ReportWriter(Path directory, int size) {
        this.directory = directory;
        this.size = size;
    }

    public ColorizationTraining.Progress progress() {
        return progress;
    }

    @Override
    public void progress(ColorizationTraining.Progress progress) {
        this.progress = progress;
    }

    @Override
    public void epoch(ColorizationTraining.Epoch epoch, List<ColorizationTraining.Epoch> history, List<int[]> grey, List<int[]> predicted,
            List<int[]> truth) {
        Map<String, List<Double>> losses = new LinkedHashMap<>();
        losses.put("training loss", history.stream().map(ColorizationTraining.Epoch::trainLoss).toList());
        losses.put("validation loss", history.stream().map(ColorizationTraining.Epoch::validationLoss).toList());
        try {
            Files.createDirectories(directory);
            replace("metrics.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(history));
            replace("curve.svg", TrainingReport.curve("Learning curve: mean absolute ab error (Lab / 110) per epoch", losses)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            replace("preview.png", TrainingReport.previewGrid(grey, predicted, truth, size));
        } catch (IOException e) {
            throw new UncheckedIOException("the training report could not be written to " + directory, e);
        }
    }

    private void replace(String name, byte[] bytes) throws IOException {
        Path target = directory.resolve(name);
        Path partial = directory.resolve(name + ".partial");
        Files.write(partial, bytes);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
