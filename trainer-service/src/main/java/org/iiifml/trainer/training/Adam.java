package org.iiifml.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba) over a fixed list of parameters, with its moments held here rather than inside
 * DJL's optimizer, so that a checkpoint holds them and a resumed run takes the same steps as one that was
 * never stopped.
 */
public final class Adam {

    private final List<Parameter> parameters;
    private final float learningRate;
    private final float beta1 = 0.9f;
    private final float beta2 = 0.999f;
    private final float epsilon = 1e-8f;
    private final List<NDArray> first = new ArrayList<>();
    private final List<NDArray> second = new ArrayList<>();
    private long steps;

    public Adam(List<Parameter> parameters, float learningRate, NDManager manager) {
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        for (Parameter p : this.parameters) {
            first.add(manager.zeros(p.getArray().getShape()));
            second.add(manager.zeros(p.getArray().getShape()));
        }
    }

    public long steps() {
        return steps;
    }

    /** One update from the gradients of the last backward pass, which are then zeroed. */
    public void step() {
        steps++;
        double correction = Math.sqrt(1 - Math.pow(beta2, steps)) / (1 - Math.pow(beta1, steps));
        float rate = (float) (learningRate * correction);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            try (NDManager scratch = weight.getManager().newSubManager()) {
                NDArray m = first.get(i);
                NDArray v = second.get(i);
                NDArray grad = weight.getGradient();
                grad.attach(scratch);
                m.tempAttach(scratch);
                v.tempAttach(scratch);
                m.muli(beta1).addi(grad.mul(1 - beta1));
                v.muli(beta2).addi(grad.square().muli(1 - beta2));
                weight.subi(m.div(v.sqrt().addi(epsilon)).muli(rate));
                grad.subi(grad);
            }
        }
    }

    /** The moments, first then second, in parameter order; the step count travels in the checkpoint's JSON. */
    public NDList state() {
        NDList list = new NDList();
        list.addAll(first);
        list.addAll(second);
        return list;
    }

    public void restore(NDList state, long steps) {
        if (state.size() != 2 * parameters.size()) {
            throw new IllegalArgumentException("the checkpoint holds " + state.size() + " optimizer arrays, not " + 2 * parameters.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            state.get(i).copyTo(first.get(i));
            state.get(parameters.size() + i).copyTo(second.get(i));
        }
        this.steps = steps;
    }
}
