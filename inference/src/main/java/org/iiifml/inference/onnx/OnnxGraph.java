package org.iiifml.inference.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes ONNX models from Java, for the models the suite makes itself (its built-in models and the small
 * models its tests run). An ONNX file is a protobuf ModelProto; the few messages and fields a graph of
 * float tensors needs are written here by field number, with no protobuf dependency (field numbers from
 * onnx/onnx.proto). Opset 17, IR version 8.
 */
public final class OnnxGraph {

    /** A graph input or output: a float tensor whose dimensions are numbers or named (dynamic) sizes. */
    private record Value(String name, Object[] dims) {
    }

    private final String name;
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<String[]> metadata = new ArrayList<>();
    private int counter;

    public OnnxGraph(String name) {
        this.name = name;
    }

    /** @param dims each a Long/Integer size or a String naming a dynamic dimension, e.g. "N" */
    public OnnxGraph input(String name, Object... dims) {
        inputs.add(new Value(name, dims));
        return this;
    }

    public OnnxGraph output(String name, Object... dims) {
        outputs.add(new Value(name, dims));
        return this;
    }

    /** A constant float tensor. */
    public OnnxGraph initializer(String name, long[] dims, float[] values) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + count + " elements");
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        Proto tensor = new Proto();
        for (long d : dims) {
            tensor.int64(1, d);
        }
        tensor.int64(2, 1).string(8, name).bytes(9, raw.array());
        initializers.add(tensor.toBytes());
        return this;
    }

    /** A constant int64 tensor (shapes for Reshape, axes). */
    public OnnxGraph initializerInt64(String name, long[] dims, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        Proto tensor = new Proto();
        for (long d : dims) {
            tensor.int64(1, d);
        }
        tensor.int64(2, 7).string(8, name).bytes(9, raw.array());
        initializers.add(tensor.toBytes());
        return this;
    }

    /** An attribute of a node: int, ints, float or string. */
    public record Attribute(String name, Object value) {
        public static Attribute of(String name, long value) {
            return new Attribute(name, value);
        }

        public static Attribute of(String name, float value) {
            return new Attribute(name, value);
        }

        public static Attribute ints(String name, long... values) {
            return new Attribute(name, values);
        }

        public static Attribute of(String name, String value) {
            return new Attribute(name, value);
        }
    }

    /** Adds a node; answers its output name (one output), generated when {@code output} is null. */
    public String node(String opType, String output, List<String> inputs, Attribute... attributes) {
        String out = output != null ? output : opType.toLowerCase() + "_" + (++counter);
        Proto node = new Proto();
        for (String in : inputs) {
            node.string(1, in);
        }
        node.string(2, out).string(3, out + "_node").string(4, opType);
        for (Attribute a : attributes) {
            Proto attribute = new Proto().string(1, a.name());
            Object value = a.value();
            if (value instanceof Long l) {
                attribute.int64(3, l).int64(20, 2);
            } else if (value instanceof Float f) {
                attribute.float32(2, f).int64(20, 1);
            } else if (value instanceof String s) {
                attribute.bytes(4, s.getBytes(StandardCharsets.UTF_8)).int64(20, 3);
            } else if (value instanceof long[] ls) {
                for (long l : ls) {
                    attribute.int64(8, l);
                }
                attribute.int64(20, 7);
            } else {
                throw new IllegalArgumentException("attribute " + a.name() + ": unsupported value");
            }
            node.message(5, attribute);
        }
        nodes.add(node.toBytes());
        return out;
    }

    /** A key/value pair in the model's metadata_props. */
    public OnnxGraph metadata(String key, String value) {
        metadata.add(new String[] {key, value});
        return this;
    }

    public byte[] toBytes(String producer) {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.bytes(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.bytes(5, t));
        inputs.forEach(v -> graph.message(11, valueInfo(v)));
        outputs.forEach(v -> graph.message(12, valueInfo(v)));
        Proto model = new Proto().int64(1, 8).string(2, producer).message(7, graph).message(8, new Proto().string(1, "").int64(2, 17));
        for (String[] kv : metadata) {
            model.message(14, new Proto().string(1, kv[0]).string(2, kv[1]));
        }
        return model.toBytes();
    }

    private static Proto valueInfo(Value v) {
        Proto shape = new Proto();
        for (Object d : v.dims()) {
            Proto dim = new Proto();
            if (d instanceof String param) {
                dim.string(2, param);
            } else {
                dim.int64(1, ((Number) d).longValue());
            }
            shape.message(1, dim);
        }
        Proto tensorType = new Proto().int64(1, 1).message(2, shape);
        return new Proto().string(1, v.name()).message(2, new Proto().message(1, tensorType));
    }

    /** The protobuf wire format, as much of it as ONNX needs. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto int64(int field, long value) {
            tag(field, 0);
            varint(value);
            return this;
        }

        Proto float32(int field, float value) {
            tag(field, 5);
            int bits = Float.floatToIntBits(value);
            for (int i = 0; i < 4; i++) {
                out.write(bits >>> (8 * i));
            }
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            varint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.toBytes());
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            varint((long) field << 3 | wireType);
        }

        private void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
