package org.iiifml.classifier.models;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.outbound.OutboundProperties;
import org.iiifml.support.outbound.SafeHttpClient;
import org.iiifml.support.problem.ProblemException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's import command:
 * {@code java -jar classifier-service.jar import-model <model.json> <model.onnx file or http(s) URL> <sha256> [model directory]}.
 * A URL is downloaded under the default outbound rules (no private or local addresses); the checks are
 * those of {@link ModelImporter}. Exit status 0 on success, 1 when the model is refused, 2 on bad usage.
 */
public final class ImportModelCommand {

    private ImportModelCommand() {
    }

    public static int run(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: import-model <model.json> <model.onnx file or URL> <sha256> [model directory]");
            return 2;
        }
        try {
            ModelDescriptor descriptor = JsonMapper.builder().build().readValue(Path.of(args[0]).toFile(), ModelDescriptor.class);
            Path directory = args.length == 4 ? Path.of(args[3]) : Path.of(System.getProperty("user.home"), ".iiif-ml-suite", "models");
            ModelImporter importer = new ModelImporter(new ModelStore(directory), new SafeHttpClient(OutboundProperties.defaults()),
                    Integer.MAX_VALUE - 8);
            byte[] onnx = args[1].startsWith("http://") || args[1].startsWith("https://") ? importer.download(args[1])
                    : Files.readAllBytes(Path.of(args[1]));
            ModelStore.StoredModel stored = importer.importModel(descriptor, onnx, args[2]);
            System.out.println("imported " + stored.descriptor().key() + " into " + stored.onnx().getParent()
                    + "; restart the classifier (or its pods) to load it");
            return 0;
        } catch (ProblemException e) {
            System.err.println("refused: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("failed: " + e.getMessage());
            return 1;
        }
    }
}
