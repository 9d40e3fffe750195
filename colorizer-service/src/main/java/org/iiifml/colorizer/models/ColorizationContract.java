package org.iiifml.colorizer.models;

import java.util.List;
import org.iiifml.inference.store.ModelDescriptor;
import tools.jackson.databind.JsonNode;

/**
 * How a colourisation model is fed and read, from its model.json (docs/models.md): the contract name and
 * its {@code parameters}, with the published models' values as defaults, so that an operator's export of
 * them needs no more than the contract name and its input size in {@code preprocessing}.
 */
public sealed interface ColorizationContract {

    String LAB = "colorization/lab";
    String RGB = "colorization/rgb";

    /**
     * Zhang et al. (ECCV16, SIGGRAPH17): the model sees the L channel at its input size, as
     * {@code (L - lCenter) / lScale}; it answers ab, either regressed ({@code ab}, [1, 2, h, w], times
     * {@code abScale}) or as scores over the 313 gamut bins ({@code ab-bins}, [1, 313, h, w]), decoded by an
     * annealed mean at {@code annealTemperature}. {@code binScores} says whether the scores are
     * {@code logits} or {@code probabilities}.
     */
    record Lab(double lCenter, double lScale, String output, double abScale, double annealTemperature, String binScores)
            implements ColorizationContract {
        public Lab {
            if (!output.equals("ab") && !output.equals("ab-bins")) {
                throw new IllegalArgumentException("parameters.output is ab or ab-bins, not " + output);
            }
            if (!binScores.equals("logits") && !binScores.equals("probabilities")) {
                throw new IllegalArgumentException("parameters.binScores is logits or probabilities, not " + binScores);
            }
            if (lScale == 0 || !(annealTemperature > 0)) {
                throw new IllegalArgumentException("parameters.lScale must not be 0, annealTemperature must be positive");
            }
        }

        public boolean bins() {
            return output.equals("ab-bins");
        }
    }

    /**
     * DeOldify style: the picture rendered square at {@code renderFactor × 16} pixels and normalised as the
     * model's preprocessing says; the model answers RGB [1, 3, s, s], read as
     * {@code (value × outputStd + outputMean) × outputScale} in 0–255, of which only the chroma is kept.
     */
    record Rgb(int renderFactor, List<Double> outputMean, List<Double> outputStd, double outputScale) implements ColorizationContract {
        public Rgb {
            checkRenderFactor(renderFactor);
            if (outputMean.size() != 3 || outputStd.size() != 3) {
                throw new IllegalArgumentException("parameters.outputMean and outputStd need three values each");
            }
            outputMean = List.copyOf(outputMean);
            outputStd = List.copyOf(outputStd);
        }
    }

    /** A render factor the service runs: 4 to 64 (64 to 1024 px). */
    static void checkRenderFactor(int renderFactor) {
        if (renderFactor < 4 || renderFactor > 64) {
            throw new IllegalArgumentException("renderFactor must be between 4 and 64, not " + renderFactor);
        }
    }

    /** The contract of a descriptor, its parameters filled with the defaults. */
    static ColorizationContract of(ModelDescriptor descriptor) {
        JsonNode p = descriptor.parameters() == null ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode() : descriptor.parameters();
        return switch (descriptor.contract()) {
            case LAB -> new Lab(p.path("lCenter").asDouble(50), p.path("lScale").asDouble(100), p.path("output").asString("ab"),
                    p.path("abScale").asDouble(110), p.path("annealTemperature").asDouble(0.38), p.path("binScores").asString("logits"));
            case RGB -> new Rgb(p.path("renderFactor").asInt(35), doubles(p.path("outputMean"), 0), doubles(p.path("outputStd"), 1),
                    p.path("outputScale").asDouble(255));
            default -> throw new IllegalArgumentException("the colorizer runs the " + LAB + " and " + RGB + " contracts, not " + descriptor.contract());
        };
    }

    private static List<Double> doubles(JsonNode array, double fallback) {
        if (!array.isArray()) {
            return List.of(fallback, fallback, fallback);
        }
        return array.valueStream().map(v -> v.asDouble()).toList();
    }
}
