package org.iiifml.classifier.pagetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.runtime.RuntimeOptions;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in page-type model: what it says is true on pages it has never seen (a seed used neither in
 * training nor in its recorded evaluation), and the recipe recorded in its provenance makes it again.
 */
class PageTypeModelTest {

    static final long FRESH_SEED = 4242;
    static final int FRESH_PER_LABEL = 50;

    static byte[] resource(String name) throws Exception {
        try (InputStream in = PageTypeModelTest.class.getResourceAsStream("/models/page-type/1/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static int[] predict(byte[] onnx, List<BufferedImage> pages) {
        try (OnnxModel model = OnnxModel.load(onnx, "page-type", RuntimeOptions.cpu(1))) {
            float[][] logits = PageTypeModel.run(model, pages);
            int[] out = new int[logits.length];
            for (int i = 0; i < logits.length; i++) {
                out[i] = PageTypeModel.argmax(logits[i]);
            }
            return out;
        }
    }

    @Test
    void theShippedModelIsRightOnPagesItHasNeverSeenAndItsRecipeMakesItAgain() throws Exception {
        byte[] onnx = resource("model.onnx");
        ModelDescriptor descriptor = JsonMapper.builder().build().readValue(resource("model.json"), ModelDescriptor.class);
        assertThat(ModelStore.sha256(onnx)).isEqualTo(descriptor.sha256());
        assertThat(descriptor.labels()).isEqualTo(PageTypeModel.LABELS);
        assertThat(descriptor.preprocessing()).isEqualTo(PageTypeModel.PREPROCESSING);

        List<Integer> labels = new ArrayList<>();
        List<BufferedImage> fresh = PageTypeModel.pages(FRESH_SEED, FRESH_PER_LABEL, labels);
        int[] shipped = predict(onnx, fresh);
        int right = 0;
        int[] rightPerLabel = new int[4];
        for (int i = 0; i < shipped.length; i++) {
            if (shipped[i] == labels.get(i)) {
                right++;
                rightPerLabel[labels.get(i)]++;
            }
        }
        double accuracy = (double) right / shipped.length;
        System.out.printf("page-type on %d fresh synthetic pages: accuracy %.3f (blank %d, text %d, illustrated %d, cover %d of %d)%n",
                shipped.length, accuracy, rightPerLabel[0], rightPerLabel[1], rightPerLabel[2], rightPerLabel[3], FRESH_PER_LABEL);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.9);
        for (int k = 0; k < 4; k++) {
            assertThat(rightPerLabel[k]).as(PageTypeModel.LABELS.get(k)).isGreaterThanOrEqualTo(FRESH_PER_LABEL * 8 / 10);
        }

        // The recorded recipe trains the model again; on another CPU the bytes may differ in the last bits
        // of a float, so the check is that it predicts the same.
        PageTypeModel.Trained again = PageTypeModel.train(PageTypeModel.Recipe.standard());
        int[] retrained = predict(again.onnx(), fresh);
        int same = 0;
        for (int i = 0; i < shipped.length; i++) {
            same += shipped[i] == retrained[i] ? 1 : 0;
        }
        System.out.printf("retrained: same bytes %s, same prediction on %d of %d pages%n",
                ModelStore.sha256(again.onnx()).equals(descriptor.sha256()), same, shipped.length);
        assertThat(same).isGreaterThanOrEqualTo(shipped.length * 98 / 100);
        assertThat(descriptor.provenance().get("testAccuracy").asDouble()).isEqualTo(Math.round(again.accuracy() * 10000) / 10000.0);
    }
}
