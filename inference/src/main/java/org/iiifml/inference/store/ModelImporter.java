package org.iiifml.inference.store;

import java.nio.file.Files;
import java.util.Locale;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.runtime.RuntimeOptions;

/**
 * Imports a model version into the store: its bytes must have the sha256 the operator expects and the one
 * its model.json declares, its task must be the service's, and ONNX Runtime must load it and find it fits
 * the service's contract, before it is written. An existing version is never overwritten.
 */
public final class ModelImporter {

    /** Checks a loaded model against a service's contract; throws IllegalArgumentException or IllegalStateException. */
    @FunctionalInterface
    public interface ContractCheck {
        void check(ModelDescriptor descriptor, OnnxModel model);
    }

    /** Why a model was not imported. */
    public static final class Refused extends RuntimeException {

        /** MISMATCH: digests, task or contract; EXISTS: the version is already in the store. */
        public enum Reason { MISMATCH, EXISTS }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final ModelStore store;
    private final String task;
    private final ContractCheck contract;
    private final boolean extraInputs;

    public ModelImporter(ModelStore store, String task, ContractCheck contract) {
        this(store, task, contract, false);
    }

    /** @param extraInputs whether the contract lets a model declare inputs after its first (fed zeros) */
    public ModelImporter(ModelStore store, String task, ContractCheck contract, boolean extraInputs) {
        this.store = store;
        this.task = task;
        this.contract = contract;
        this.extraInputs = extraInputs;
    }

    public ModelStore store() {
        return store;
    }

    public String task() {
        return task;
    }

    public ModelStore.StoredModel importModel(ModelDescriptor descriptor, byte[] onnx, String expectedSha256) {
        String expected = expectedSha256 == null ? "" : expectedSha256.trim().toLowerCase(Locale.ROOT);
        String actual = ModelStore.sha256(onnx);
        if (!actual.equals(expected)) {
            throw new Refused(Refused.Reason.MISMATCH, "the model file has sha256 " + actual + ", not the expected " + expected);
        }
        if (!actual.equals(descriptor.sha256())) {
            throw new Refused(Refused.Reason.MISMATCH, "model.json declares sha256 " + descriptor.sha256()
                    + " for a file whose sha256 is " + actual);
        }
        if (!descriptor.task().equals(task)) {
            throw new Refused(Refused.Reason.MISMATCH, "this service imports " + task + " models, not " + descriptor.task());
        }
        if (Files.exists(store.root().resolve(descriptor.name()).resolve(descriptor.version()))) {
            throw new Refused(Refused.Reason.EXISTS, "the store already has " + descriptor.key() + "; import a new version");
        }
        try (OnnxModel model = extraInputs ? OnnxModel.loadWithExtraInputs(onnx, descriptor.key(), RuntimeOptions.cpu(1))
                : OnnxModel.load(onnx, descriptor.key(), RuntimeOptions.cpu(1))) {
            contract.check(descriptor, model);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Refused(Refused.Reason.MISMATCH, "the model does not fit: " + e.getMessage());
        }
        return store.write(descriptor, onnx);
    }
}
