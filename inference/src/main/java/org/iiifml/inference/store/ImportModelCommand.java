package org.iiifml.inference.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's import command that each model service offers:
 * {@code java -jar <service>.jar import-model <model.json> <model.onnx file or http(s) URL> <sha256> [model directory]}.
 * The checks are those of {@link ModelImporter}; a URL is downloaded by the service's {@code download}
 * (under the suite's outbound rules). Exit status 0 on success, 1 when the model is refused or could not be
 * read, 2 on bad usage.
 */
public final class ImportModelCommand {

    private ImportModelCommand() {
    }

    /**
     * @param service the service's name, for the message that tells the operator to restart it
     * @param importer for a model directory, the importer with the service's task and contract
     */
    public static int run(String[] args, String service, Function<Path, ModelImporter> importer, Function<String, byte[]> download) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: import-model <model.json> <model.onnx file or URL> <sha256> [model directory]");
            return 2;
        }
        try {
            ModelDescriptor descriptor = JsonMapper.builder().build().readValue(Path.of(args[0]).toFile(), ModelDescriptor.class);
            Path directory = args.length == 4 ? Path.of(args[3]) : Path.of(System.getProperty("user.home"), ".iiif-ml-suite", "models");
            byte[] onnx = args[1].startsWith("http://") || args[1].startsWith("https://") ? download.apply(args[1])
                    : Files.readAllBytes(Path.of(args[1]));
            ModelStore.StoredModel stored = importer.apply(directory).importModel(descriptor, onnx, args[2]);
            System.out.println("imported " + stored.descriptor().key() + " into " + stored.onnx().getParent()
                    + "; restart the " + service + " (or its pods) to load it");
            return 0;
        } catch (ModelImporter.Refused e) {
            System.err.println("refused: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("failed: " + e.getMessage());
            return 1;
        }
    }
}
