package org.iiifml.colorizer.models;

import org.iiifml.inference.store.ModelImporter;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.outbound.OutboundProperties;
import org.iiifml.support.outbound.SafeHttpClient;

/**
 * {@code java -jar colorizer-service.jar import-model <model.json> <model.onnx file or URL> <sha256> [model directory]}:
 * the shared command ({@link org.iiifml.inference.store.ImportModelCommand}) with the colorization contracts
 * (lab and rgb); a URL is downloaded under the default outbound rules (no private or local addresses).
 */
public final class ImportModelCommand {

    private ImportModelCommand() {
    }

    public static int run(String[] args) {
        return org.iiifml.inference.store.ImportModelCommand.run(args, "colorizer",
                directory -> new ModelImporter(new ModelStore(directory), "colorization", ColorizationModels::checkContract, true),
                url -> new SafeHttpClient(OutboundProperties.defaults()).get(url, Integer.MAX_VALUE - 8, java.util.Map.of()).block().body());
    }
}
