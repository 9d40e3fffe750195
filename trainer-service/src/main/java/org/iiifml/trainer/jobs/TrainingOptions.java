package org.iiifml.trainer.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.trainer.colorization.ColorizationTraining;
import org.iiifml.trainer.config.TrainerProperties;
import tools.jackson.databind.JsonNode;

/**
 * A training job's options, every default filled in (docs/api.md, the trainer).
 *
 * @param task {@code colorization}
 * @param name the published model's name (its version is the time the training ended)
 * @param imageSize the square, in pixels, images are trained at (a multiple of 8; default 128)
 * @param validationFraction the share of images kept for validation, chosen by seed and content hash
 * @param width the network's first-layer channels (default 16)
 * @param licence the licence the published weights carry, which the training data's rights must allow
 */
public record TrainingOptions(String task, String name, int imageSize, int epochs, int batchSize, double learningRate, long seed,
        int patience, double validationFraction, int width, String licence) {

    public static final String COLORIZATION = "colorization";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> FIELDS = Set.of("task", "name", "imageSize", "epochs", "batchSize", "learningRate", "seed", "patience",
            "validationFraction", "width", "licence");

    static TrainingOptions parse(JsonNode options, TrainerProperties limits) {
        if (options == null || !options.isObject() || !options.has("task")) {
            throw bad("options.task is required: \"" + COLORIZATION + "\" trains a colouriser from the source's colour images");
        }
        for (String field : options.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw bad("options." + field + " is not an option of a training job; they are " + FIELDS.stream().sorted().toList());
            }
        }
        String task = options.path("task").asString("");
        if (task.equals("classification")) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "the classification task is not built yet; the trainer trains "
                    + "colourisers (\"task\": \"" + COLORIZATION + "\")");
        }
        if (!task.equals(COLORIZATION)) {
            throw bad("options.task is \"" + COLORIZATION + "\", not \"" + task + "\"");
        }
        String name = options.path("name").asString("colorizer-trained");
        if (!NAME.matcher(name).matches()) {
            throw bad("options.name is 1 to 64 lower-case letters, digits and '-', starting with a letter or digit");
        }
        int imageSize = integer(options, "imageSize", 128);
        if (imageSize < 16 || imageSize > limits.maxImageSize() || imageSize % 8 != 0) {
            throw bad("options.imageSize is a multiple of 8 from 16 to " + limits.maxImageSize() + " (suite.trainer.max-image-size), not " + imageSize);
        }
        int epochs = integer(options, "epochs", 20);
        if (epochs < 1 || epochs > limits.maxEpochs()) {
            throw bad("options.epochs is 1 to " + limits.maxEpochs() + " (suite.trainer.max-epochs), not " + epochs);
        }
        int batchSize = integer(options, "batchSize", 16);
        double learningRate = options.has("learningRate") ? options.get("learningRate").asDouble() : 1e-3;
        double validationFraction = options.has("validationFraction") ? options.get("validationFraction").asDouble() : 0.2;
        int width = integer(options, "width", 16);
        int patience = integer(options, "patience", 5);
        if (batchSize < 1 || batchSize > 256 || !(learningRate > 0 && learningRate < 1) || !(validationFraction > 0 && validationFraction < 0.9)
                || width < 4 || width > 64 || patience < 0) {
            throw bad("options: batchSize is 1 to 256, learningRate between 0 and 1, validationFraction between 0 and 0.9, width 4 to 64, "
                    + "patience 0 or more (0: no early stopping)");
        }
        String licence = options.path("licence").asString("see provenance.dataset");
        if (licence.isBlank() || licence.length() > 200) {
            throw bad("options.licence is 1 to 200 characters");
        }
        return new TrainingOptions(task, name, imageSize, epochs, batchSize, learningRate, options.path("seed").asLong(42), patience,
                validationFraction, width, licence);
    }

    private static int integer(JsonNode options, String field, int fallback) {
        JsonNode value = options.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            throw bad("options." + field + " is a whole number");
        }
        return value.asInt();
    }

    private static ProblemException bad(String message) {
        return new ProblemException(ProblemType.BAD_REQUEST, message);
    }

    ColorizationTraining.Settings settings(int checkpointSteps) {
        return new ColorizationTraining.Settings(imageSize, width, epochs, batchSize, (float) learningRate, seed, patience, checkpointSteps);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("task", task);
        map.put("name", name);
        map.put("imageSize", imageSize);
        map.put("epochs", epochs);
        map.put("batchSize", batchSize);
        map.put("learningRate", learningRate);
        map.put("seed", seed);
        map.put("patience", patience);
        map.put("validationFraction", validationFraction);
        map.put("width", width);
        map.put("licence", licence);
        return map;
    }
}
