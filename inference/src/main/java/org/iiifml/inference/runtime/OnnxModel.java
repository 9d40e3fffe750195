package org.iiifml.inference.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model version loaded into an ONNX Runtime session, once, and reused for every inference. The model
 * takes one float input of shape [N, …]; its first output is split per image along N. A model loaded with
 * {@link #loadWithExtraInputs} may declare more float inputs (a colourisation model's ab hints and mask),
 * which are fed zeros.
 */
public final class OnnxModel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);

    /** One image's output: its values and their shape without the batch dimension. */
    public record Output(float[] values, long[] shape) {
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final String outputName;
    private final String provider;
    /** Inputs after the first, by name, with their declared shapes (-1: dynamic); fed zeros. */
    private final Map<String, long[]> extraInputs = new java.util.LinkedHashMap<>();

    private OnnxModel(OrtEnvironment env, OrtSession session, String provider, boolean extraInputs) throws OrtException {
        this.env = env;
        this.session = session;
        this.provider = provider;
        if (session.getInputInfo().isEmpty() || (!extraInputs && session.getInputInfo().size() != 1)) {
            throw new IllegalArgumentException("the model must take exactly one input, not " + session.getInputNames());
        }
        String first = null;
        long[] firstShape = null;
        for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
            if (!(input.getValue().getInfo() instanceof TensorInfo tensor) || tensor.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                throw new IllegalArgumentException("the model's inputs must be float tensors; " + input.getKey() + " is not");
            }
            if (first == null) {
                first = input.getKey();
                firstShape = tensor.getShape();
            } else {
                this.extraInputs.put(input.getKey(), tensor.getShape());
            }
        }
        this.inputName = first;
        this.inputShape = firstShape;
        this.outputName = session.getOutputNames().iterator().next();
    }

    /** Loads a model file; with cuda asked and not available, runs on the CPU and says so in the log. */
    public static OnnxModel load(Path file, RuntimeOptions options) {
        return load(file.getFileName().toString(), options, (env, session) -> env.createSession(file.toString(), session), false);
    }

    /** Loads a model from its bytes (a model shipped inside the service's jar). */
    public static OnnxModel load(byte[] onnx, String name, RuntimeOptions options) {
        return load(name, options, (env, session) -> env.createSession(onnx, session), false);
    }

    /** As {@link #load(Path, RuntimeOptions)}, for a model that may declare inputs after its first, fed zeros. */
    public static OnnxModel loadWithExtraInputs(Path file, RuntimeOptions options) {
        return load(file.getFileName().toString(), options, (env, session) -> env.createSession(file.toString(), session), true);
    }

    /** As {@link #load(byte[], String, RuntimeOptions)}, for a model that may declare inputs after its first, fed zeros. */
    public static OnnxModel loadWithExtraInputs(byte[] onnx, String name, RuntimeOptions options) {
        return load(name, options, (env, session) -> env.createSession(onnx, session), true);
    }

    /** Inputs after the first, with their declared shapes (-1: dynamic). */
    public Map<String, long[]> extraInputs() {
        Map<String, long[]> copy = new java.util.LinkedHashMap<>();
        extraInputs.forEach((name, shape) -> copy.put(name, shape.clone()));
        return copy;
    }

    @FunctionalInterface
    private interface SessionFactory {
        OrtSession create(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;
    }

    private static OnnxModel load(String name, RuntimeOptions options, SessionFactory factory, boolean extraInputs) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions session = new OrtSession.SessionOptions()) {
            session.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session.setIntraOpNumThreads(options.intraOpThreads());
            session.setInterOpNumThreads(1);
            session.addConfigEntry("session.intra_op.allow_spinning", options.spinning() ? "1" : "0");
            String provider = "cpu";
            if (options.executionProvider().equals("cuda")) {
                try {
                    session.addCUDA(options.cudaDevice());
                    provider = "cuda";
                } catch (OrtException | RuntimeException | LinkageError e) {
                    log.warn("The CUDA execution provider is not available here ({}); {} runs on the CPU", e.getMessage(), name);
                }
            }
            return new OnnxModel(env, factory.create(env, session), provider, extraInputs);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load " + name + ": " + e.getMessage(), e);
        }
    }

    public String inputName() {
        return inputName;
    }

    /** The declared input shape; -1 marks a dynamic dimension. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** Whether the batch dimension is dynamic, so that several images go in one run. */
    public boolean batchable() {
        return inputShape.length > 0 && inputShape[0] < 0;
    }

    /** "cpu" or "cuda": where the model actually runs. */
    public String executionProvider() {
        return provider;
    }

    /**
     * Runs {@code batch} images laid out one after the other in {@code data} (each {@code data.length / batch}
     * floats, in the input's shape without its batch dimension) and answers each image's output.
     */
    public List<Output> run(float[] data, int batch, long[] imageShape) {
        return run(FloatBuffer.wrap(data), batch, imageShape);
    }

    /**
     * As {@link #run(float[], int, long[])}, from a buffer's remaining floats. A direct buffer in native
     * order is used in place; any other is copied by ONNX Runtime first.
     */
    public List<Output> run(FloatBuffer data, int batch, long[] imageShape) {
        long[] shape = new long[imageShape.length + 1];
        shape[0] = batch;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        Map<String, OnnxTensor> feeds = new java.util.LinkedHashMap<>();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, data, shape)) {
            feeds.put(inputName, tensor);
            for (Map.Entry<String, long[]> extra : extraInputs.entrySet()) {
                feeds.put(extra.getKey(), zeros(extra.getValue(), shape));
            }
            return outputs(feeds, batch);
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        } finally {
            feeds.forEach((name, t) -> {
                if (!name.equals(inputName)) {
                    t.close();
                }
            });
        }
    }

    /** Zeros of a declared shape, its dynamic dimensions taken from the main input's (batch, then the trailing ones). */
    private OnnxTensor zeros(long[] declared, long[] main) throws OrtException {
        long[] shape = declared.clone();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                int fromEnd = shape.length - i;
                shape[i] = i == 0 ? main[0] : main.length - fromEnd >= 0 ? main[main.length - fromEnd] : 1;
            }
        }
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[(int) count]), shape);
    }

    private List<Output> outputs(Map<String, OnnxTensor> feeds, int batch) throws OrtException {
        try (OrtSession.Result result = session.run(feeds, java.util.Set.of(outputName))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            long[] outShape = output.getInfo().getShape();
            FloatBuffer values = output.getFloatBuffer();
            int per = values.remaining() / batch;
            long[] perShape = Arrays.copyOfRange(outShape, 1, outShape.length);
            List<Output> outputs = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                float[] row = new float[per];
                values.get(row);
                outputs.add(new Output(row, perShape));
            }
            return outputs;
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("Closing an ONNX Runtime session failed: {}", e.getMessage());
        }
    }
}
