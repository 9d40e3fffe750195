package org.iiifml.inference.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.regex.Pattern;
import org.iiifml.inference.preprocess.Preprocessing;
import tools.jackson.databind.JsonNode;

/**
 * A model version's model.json: what it is, how to feed it, what its outputs mean, where it comes from and
 * the sha256 of its model.onnx, which is checked before the model is used.
 *
 * @param name lower-case letters, digits and '-'
 * @param version letters, digits, '.', '-' and '_'
 * @param task e.g. "classification"
 * @param contract e.g. "classification/imagenet": how inputs and outputs are read (docs/models.md)
 * @param labels one per output class, in output order
 * @param licence SPDX identifier or a short text
 * @param source where the weights come from
 * @param provenance how the model was made (training data, code, seed), free JSON
 * @param parameters what the contract needs beyond preprocessing (a colourisation model's input
 *     normalisation and output kind, docs/models.md); absent for contracts that need none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDescriptor(String name, String version, String task, String contract, Preprocessing preprocessing,
        List<String> labels, String licence, String source, String sha256, JsonNode provenance, JsonNode parameters) {

    /** A descriptor of a contract without parameters. */
    public ModelDescriptor(String name, String version, String task, String contract, Preprocessing preprocessing,
            List<String> labels, String licence, String source, String sha256, JsonNode provenance) {
        this(name, version, task, contract, preprocessing, labels, licence, source, sha256, provenance, null);
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModelDescriptor {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1–64 lower-case letters, digits and '-'");
        }
        if (version == null || !VERSION.matcher(version).matches() || version.contains("..")) {
            throw new IllegalArgumentException("version must be 1–64 letters, digits, '.', '-' and '_'");
        }
        if (task == null || contract == null || preprocessing == null) {
            throw new IllegalArgumentException("task, contract and preprocessing are required");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** "name:version", how logs and metrics name it. */
    public String key() {
        return name + ":" + version;
    }
}
