package org.iiifml.trainer.colorization;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.iiifml.inference.color.ColourDifference;
import org.iiifml.inference.color.Lab;
import org.iiifml.trainer.training.Adam;
import org.iiifml.trainer.training.Checkpoints;
import org.iiifml.trainer.training.TrainingCancelled;
import org.iiifml.trainer.training.TrainingFailed;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trains a {@link ColorNet} from colour images (sRGB, imageSize × imageSize): each learns its ab from its
 * L, by the mean absolute ab error. Adam; the data order and each image's horizontal flip come from the seed
 * and the epoch, so that a run resumed from a checkpoint visits what an uninterrupted one would. Every epoch
 * ends with validation (loss, mean CIEDE2000 of the recombined image against the original, colourfulness) and
 * a checkpoint; checkpoints also come every {@code checkpointSteps} steps. The best epoch's parameters by
 * validation loss are kept; {@code patience} epochs without improvement stop the training early.
 */
public final class ColorizationTraining implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param imageSize the square the images are given at, a multiple of 8
     * @param width the network's first-layer channels ({@link ColorNet})
     * @param patience epochs without a better validation loss before stopping (0: never stop early)
     * @param checkpointSteps steps between checkpoints within an epoch (0: at epoch ends only)
     */
    public record Settings(int imageSize, int width, int epochs, int batchSize, float learningRate, long seed, int patience,
            int checkpointSteps) {
        public Settings {
            if (imageSize < 16 || imageSize > 1024 || imageSize % 8 != 0) {
                throw new IllegalArgumentException("imageSize is a multiple of 8 from 16 to 1024, not " + imageSize);
            }
            if (epochs < 1 || epochs > 10_000 || batchSize < 1 || batchSize > 1024) {
                throw new IllegalArgumentException("epochs is 1 to 10000 and batchSize 1 to 1024");
            }
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("learningRate is between 0 and 1, not " + learningRate);
            }
            if (patience < 0 || checkpointSteps < 0) {
                throw new IllegalArgumentException("patience and checkpointSteps are 0 or more");
            }
        }
    }

    /** One epoch's figures: losses are mean absolute ab errors (Lab units / 110). */
    public record Epoch(int epoch, double trainLoss, double validationLoss, double deltaE, double colourfulness,
            double truthColourfulness, double seconds) {
    }

    /** Where a running training is: the step within its epoch, and the seconds it expects to take still. */
    public record Progress(int epoch, int epochs, long step, long stepsPerEpoch, double etaSeconds) {
    }

    /** What a caller hears while it trains (on the training's thread). */
    public interface Listener {
        default void progress(Progress progress) {
        }

        /** @param grey, predicted, truth the first validation images (the preview grid), sRGB */
        default void epoch(Epoch epoch, List<Epoch> history, List<int[]> grey, List<int[]> predicted, List<int[]> truth) {
        }
    }

    /** The training's end: the network holds the best epoch's parameters. */
    public record Result(List<Epoch> history, int bestEpoch, boolean stoppedEarly, long steps, boolean resumed) {
    }

    private final Settings settings;
    private final NDManager manager;
    private final ColorNet net;
    private final List<Parameter> parameters = new ArrayList<>();
    private final Engine engine;

    public ColorizationTraining(Settings settings) {
        this.settings = settings;
        this.engine = Engine.getEngine("PyTorch");
        Device device = engine.defaultDevice();
        this.manager = engine.newBaseManager(device);
        engine.setRandomSeed((int) settings.seed());
        this.net = new ColorNet(settings.width());
        net.initialize(manager, DataType.FLOAT32, new Shape(settings.batchSize(), 1, settings.imageSize(), settings.imageSize()));
        for (ColorNet.Layer layer : net.layers()) {
            parameters.add(ColorNet.weight(layer));
            parameters.add(ColorNet.bias(layer));
        }
        for (Parameter p : parameters) {
            p.getArray().setRequiresGradient(true);
        }
    }

    public ColorNet net() {
        return net;
    }

    public NDManager manager() {
        return manager;
    }

    public Settings settings() {
        return settings;
    }

    public Device device() {
        return manager.getDevice();
    }

    /**
     * Trains, from the checkpoint in {@code checkpoints} if there is one.
     *
     * @throws TrainingFailed when the loss is not a number or memory runs out
     * @throws TrainingCancelled when {@code cancelled} answers true (checked before every step)
     */
    public Result train(List<int[]> train, List<int[]> validation, Checkpoints checkpoints, Listener listener, BooleanSupplier cancelled) {
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("training needs images in both the train and validation splits");
        }
        int size = settings.imageSize();
        for (int[] image : train) {
            checkSize(image, size);
        }
        for (int[] image : validation) {
            checkSize(image, size);
        }
        // Autograd records only inside a gradient collector; outside it (the optimizer's in-place updates,
        // validation) it is off. Its switch is per thread, and a job's training runs on any worker thread.
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        Adam adam = new Adam(parameters, settings.learningRate(), manager);
        List<NDArray> best = new ArrayList<>();
        for (Parameter p : parameters) {
            best.add(p.getArray().duplicate());
        }
        List<Epoch> history = new ArrayList<>();
        int epoch = 0;
        long stepInEpoch = 0;
        double lossSum = 0;
        long lossCount = 0;
        int bestEpoch = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        boolean resumed = false;
        var loaded = checkpoints.read(manager);
        if (loaded.isPresent()) {
            JsonNode state = loaded.get().state();
            NDList arrays = loaded.get().arrays();
            int n = parameters.size();
            for (int i = 0; i < n; i++) {
                arrays.get(i).copyTo(parameters.get(i).getArray());
                arrays.get(3 * n + i).copyTo(best.get(i));
            }
            adam.restore(new NDList(arrays.subList(n, 3 * n)), state.path("adamSteps").asLong());
            epoch = state.path("epoch").asInt();
            stepInEpoch = state.path("stepInEpoch").asLong();
            lossSum = state.path("lossSum").asDouble();
            lossCount = state.path("lossCount").asLong();
            bestEpoch = state.path("bestEpoch").asInt();
            bestLoss = state.path("bestLoss").isNumber() ? state.path("bestLoss").asDouble() : Double.POSITIVE_INFINITY;
            for (JsonNode e : state.path("history")) {
                history.add(JSON.treeToValue(e, Epoch.class));
            }
            arrays.close();
            resumed = true;
        }
        long stepsPerEpoch = (train.size() + settings.batchSize() - 1) / settings.batchSize();
        long started = System.nanoTime();
        long stepsThisRun = 0;
        boolean stoppedEarly = false;
        try {
            for (; epoch < settings.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                int[] order = order(train.size(), epoch);
                boolean[] flips = flips(train.size(), epoch);
                for (; stepInEpoch < stepsPerEpoch; stepInEpoch++) {
                    if (cancelled.getAsBoolean()) {
                        throw new TrainingCancelled();
                    }
                    int from = (int) (stepInEpoch * settings.batchSize());
                    int to = Math.min(train.size(), from + settings.batchSize());
                    double loss = step(adam, train, order, flips, from, to);
                    if (!Double.isFinite(loss)) {
                        throw new TrainingFailed("the training loss became " + loss + " at epoch " + (epoch + 1) + ", step " + (stepInEpoch + 1)
                                + ": lower the learning rate (" + settings.learningRate() + ") and train again");
                    }
                    lossSum += loss * (to - from);
                    lossCount += to - from;
                    stepsThisRun++;
                    double perStep = (System.nanoTime() - started) / 1e9 / stepsThisRun;
                    long remaining = (settings.epochs() - epoch - 1) * stepsPerEpoch + (stepsPerEpoch - stepInEpoch - 1);
                    listener.progress(new Progress(epoch, settings.epochs(), stepInEpoch + 1, stepsPerEpoch, perStep * remaining));
                    if (settings.checkpointSteps() > 0 && (stepInEpoch + 1) % settings.checkpointSteps() == 0 && stepInEpoch + 1 < stepsPerEpoch) {
                        checkpoints.write(adam.steps(), state(epoch, stepInEpoch + 1, lossSum, lossCount, bestEpoch, bestLoss, history, adam),
                                arrays(adam, best));
                    }
                }
                Validation v = validate(validation);
                Epoch figures = new Epoch(epoch + 1, lossSum / lossCount, v.loss, v.deltaE, v.colourfulness, v.truthColourfulness,
                        (System.nanoTime() - epochStart) / 1e9);
                history.add(figures);
                if (v.loss < bestLoss) {
                    bestLoss = v.loss;
                    bestEpoch = epoch + 1;
                    for (int i = 0; i < parameters.size(); i++) {
                        parameters.get(i).getArray().copyTo(best.get(i));
                    }
                }
                listener.epoch(figures, List.copyOf(history), v.grey, v.predicted, v.truth);
                stepInEpoch = 0;
                lossSum = 0;
                lossCount = 0;
                boolean stop = settings.patience() > 0 && epoch + 1 - bestEpoch >= settings.patience();
                checkpoints.write(adam.steps(), state(epoch + 1, 0, 0, 0, bestEpoch, bestLoss, history, adam), arrays(adam, best));
                if (stop) {
                    stoppedEarly = epoch + 1 < settings.epochs();
                    break;
                }
            }
        } catch (OutOfMemoryError e) {
            throw new TrainingFailed("the training ran out of memory: use smaller batches (" + settings.batchSize() + ") or images", e);
        } catch (EngineException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("out of memory") || message.contains("can't allocate") || message.contains("not enough memory")) {
                throw new TrainingFailed("the training ran out of " + (device().isGpu() ? "GPU " : "") + "memory: use smaller batches ("
                        + settings.batchSize() + ") or images", e);
            }
            throw e;
        }
        for (int i = 0; i < parameters.size(); i++) {
            best.get(i).copyTo(parameters.get(i).getArray());
            best.get(i).close();
        }
        return new Result(List.copyOf(history), bestEpoch, stoppedEarly, adam.steps(), resumed);
    }

    private static void checkSize(int[] image, int size) {
        if (image.length != size * size) {
            throw new IllegalArgumentException("every image must be " + size + "×" + size + " pixels");
        }
    }

    /** The data order of an epoch: a shuffle seeded by the run's seed and the epoch. */
    int[] order(int n, int epoch) {
        Random random = new Random(settings.seed() * 1_000_003L + epoch);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private boolean[] flips(int n, int epoch) {
        Random random = new Random(settings.seed() * 7_919L + epoch * 31L + 1);
        boolean[] flips = new boolean[n];
        for (int i = 0; i < n; i++) {
            flips[i] = random.nextBoolean();
        }
        return flips;
    }

    private double step(Adam adam, List<int[]> train, int[] order, boolean[] flips, int from, int to) {
        int size = settings.imageSize();
        int count = to - from;
        float[] l = new float[count * size * size];
        float[] ab = new float[count * 2 * size * size];
        for (int k = 0; k < count; k++) {
            int index = order[from + k];
            fill(train.get(index), flips[index], size, l, ab, k);
        }
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = batch.create(l, new Shape(count, 1, size, size));
            NDArray y = batch.create(ab, new Shape(count, 2, size, size));
            double loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray predicted = net.forward(new ParameterStore(batch, false), new NDList(x), true).singletonOrThrow();
                NDArray value = predicted.sub(y).abs().mean();
                loss = value.getFloat();
                collector.backward(value);
            }
            adam.step();
            return loss;
        }
    }

    /** One image's network input ((L − 50) / 100) and target (ab / 110), mirrored when flip is set. */
    public static void fill(int[] rgb, boolean flip, int size, float[] l, float[] ab, int k) {
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int source = rgb[y * size + (flip ? size - 1 - x : x)];
                double[] lab = Lab.of(source);
                int at = y * size + x;
                l[k * plane + at] = (float) ((lab[0] - ColorNet.L_CENTER) / ColorNet.L_SCALE);
                ab[(2 * k) * plane + at] = (float) (lab[1] / ColorNet.AB_SCALE);
                ab[(2 * k + 1) * plane + at] = (float) (lab[2] / ColorNet.AB_SCALE);
            }
        }
    }

    private record Validation(double loss, double deltaE, double colourfulness, double truthColourfulness, List<int[]> grey,
            List<int[]> predicted, List<int[]> truth) {
    }

    /** The preview grid's images: the first validation images, always the same ones. */
    static final int PREVIEW = 6;

    private Validation validate(List<int[]> validation) {
        int size = settings.imageSize();
        int plane = size * size;
        double loss = 0;
        double deltaE = 0;
        double colourfulness = 0;
        double truthColourfulness = 0;
        List<int[]> grey = new ArrayList<>();
        List<int[]> predicted = new ArrayList<>();
        List<int[]> truth = new ArrayList<>();
        for (int from = 0; from < validation.size(); from += settings.batchSize()) {
            int count = Math.min(settings.batchSize(), validation.size() - from);
            float[] l = new float[count * plane];
            float[] ab = new float[count * 2 * plane];
            for (int k = 0; k < count; k++) {
                fill(validation.get(from + k), false, size, l, ab, k);
            }
            float[] out = predict(l, count);
            for (int k = 0; k < count; k++) {
                int[] original = validation.get(from + k);
                int[] colourised = new int[plane];
                int[] greyImage = new int[plane];
                double error = 0;
                for (int i = 0; i < plane; i++) {
                    float lightness = l[k * plane + i] * ColorNet.L_SCALE + ColorNet.L_CENTER;
                    float a = out[(2 * k) * plane + i];
                    float b = out[(2 * k + 1) * plane + i];
                    error += Math.abs(a - ab[(2 * k) * plane + i]) + Math.abs(b - ab[(2 * k + 1) * plane + i]);
                    colourised[i] = Lab.rgb(lightness, a * ColorNet.AB_SCALE, b * ColorNet.AB_SCALE);
                    greyImage[i] = Lab.rgb(lightness, 0, 0);
                }
                loss += error / (2.0 * plane);
                deltaE += ColourDifference.meanCiede2000(original, colourised, 1);
                colourfulness += ColourDifference.colourfulness(colourised);
                truthColourfulness += ColourDifference.colourfulness(original);
                if (predicted.size() < PREVIEW) {
                    grey.add(greyImage);
                    predicted.add(colourised);
                    truth.add(original);
                }
            }
        }
        int n = validation.size();
        return new Validation(loss / n, deltaE / n, colourfulness / n, truthColourfulness / n, grey, predicted, truth);
    }

    /** The network's ab / 110 for count inputs of (L − 50) / 100, without gradients. */
    public float[] predict(float[] l, int count) {
        int size = settings.imageSize();
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = batch.create(l, new Shape(count, 1, size, size));
            return net.forward(new ParameterStore(batch, false), new NDList(x), false).singletonOrThrow().toFloatArray();
        }
    }

    private ObjectNode state(int epoch, long stepInEpoch, double lossSum, long lossCount, int bestEpoch, double bestLoss, List<Epoch> history,
            Adam adam) {
        ObjectNode state = JSON.createObjectNode();
        state.put("epoch", epoch).put("stepInEpoch", stepInEpoch).put("lossSum", lossSum).put("lossCount", lossCount)
                .put("bestEpoch", bestEpoch).put("adamSteps", adam.steps()).put("seed", settings.seed())
                .put("settings", settings.toString());
        if (Double.isFinite(bestLoss)) {
            state.put("bestLoss", bestLoss);
        }
        ArrayNode h = state.putArray("history");
        history.forEach(e -> h.add(JSON.valueToTree(e)));
        return state;
    }

    /** Parameters, optimizer moments (first, second), best parameters: each in parameter order. */
    private NDList arrays(Adam adam, List<NDArray> best) {
        NDList list = new NDList();
        parameters.forEach(p -> list.add(p.getArray()));
        list.addAll(adam.state());
        list.addAll(best);
        return list;
    }

    @Override
    public void close() {
        manager.close();
    }
}
