package org.iiifml.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.runtime.RuntimeOptions;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.trainer.colorization.ColorizationTraining;
import org.iiifml.trainer.colorization.TestPictures;
import org.iiifml.trainer.report.ReportWriter;
import org.iiifml.trainer.training.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ColorizationPublisherTest {

    private static final int SIZE = 32;

    @Test
    void aTrainedColouriserIsPublishedWithItsProvenanceAndItsReportIsWritten(@TempDir Path work) throws Exception {
        List<int[]> train = TestPictures.colour(32, SIZE, 3);
        List<int[]> validation = TestPictures.colour(8, SIZE, 4);
        ModelStore store = new ModelStore(work.resolve("models"));
        ReportWriter report = new ReportWriter(work.resolve("report"), SIZE);
        try (ColorizationTraining training = new ColorizationTraining(new ColorizationTraining.Settings(SIZE, 4, 2, 8, 3e-3f, 7, 0, 0))) {
            var result = training.train(train, validation, new Checkpoints(work.resolve("checkpoints")), report, () -> false);
            var dataset = JsonMapper.builder().build().createObjectNode().put("source", "test pictures");
            ColorizationPublisher.publish(training, result, store, "test-colours", "1", validation, dataset, "CC0-1.0", "iiif-ml-suite test");
        }
        assertThat(report.progress().step()).isEqualTo(report.progress().stepsPerEpoch());

        var stored = store.list().get(0);
        var d = stored.descriptor();
        assertThat(d.key()).isEqualTo("test-colours:1");
        assertThat(d.contract()).isEqualTo("colorization/lab");
        assertThat(d.parameters().path("abScale").asDouble()).isEqualTo(110);
        assertThat(d.sha256()).isEqualTo(ModelStore.sha256(stored.onnx()));
        assertThat(d.provenance().path("onnxParityMaxAbsDiff").asDouble()).isLessThanOrEqualTo(1e-4);
        assertThat(d.provenance().path("metrics")).hasSize(2);
        assertThat(d.provenance().path("dataset").path("source").asString()).isEqualTo("test pictures");
        assertThat(d.provenance().path("seed").asLong()).isEqualTo(7);
        try (OnnxModel model = OnnxModel.load(stored.onnx(), RuntimeOptions.cpu(1))) {
            assertThat(model.inputShape()).containsExactly(-1, 1, SIZE, SIZE);
            assertThat(model.run(new float[SIZE * SIZE], 1, new long[] {1, SIZE, SIZE}).get(0).shape()).containsExactly(2, SIZE, SIZE);
        }

        Path folder = work.resolve("report");
        assertThat(JsonMapper.builder().build().readTree(Files.readAllBytes(folder.resolve("metrics.json")))).hasSize(2);
        var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(folder.resolve("curve.svg").toFile());
        assertThat(svg.getElementsByTagName("path").getLength()).isEqualTo(3); // the axes and two curves
        BufferedImage preview = ImageIO.read(folder.resolve("preview.png").toFile());
        assertThat(preview.getWidth()).isEqualTo(3 * SIZE);
        assertThat(preview.getHeight()).isEqualTo(6 * SIZE);
    }
}
