package org.iiifml.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The suite as the build defines it: the root POM's modules, and for each Spring Boot service its port
 * from its own application.yaml. Deployment descriptors are checked against this, not against a copy.
 */
public final class SuiteLayout {

    /** The public gateway prefix of each service module (the gateway itself has none). */
    public static final Map<String, String> PREFIXES = Map.of(
            "iiif-fetcher", "iiif",
            "classifier-service", "classifier",
            "extractor-service", "extractor",
            "colorizer-service", "colorizer",
            "trainer-service", "trainer");

    /** Services that run models or training, which the GPU overlay puts on GPU nodes. */
    public static final List<String> GPU_SERVICES =
            List.of("classifier-service", "extractor-service", "colorizer-service", "trainer-service");

    /** Modules that run locally and in tests only (run-local.sh starts them), never deployed. */
    public static final List<String> LOCAL_ONLY = List.of("demo-source");

    private SuiteLayout() {
    }

    public static Path root() {
        String root = System.getProperty("suite.root");
        Path path = root != null ? Path.of(root) : Path.of("..");
        return path.toAbsolutePath().normalize();
    }

    public static List<String> modules() {
        try {
            String pom = Files.readString(root().resolve("pom.xml"));
            Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
            List<String> modules = new ArrayList<>();
            while (m.find()) {
                modules.add(m.group(1).trim());
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deployed services: modules with an application.yaml, but the local-only ones, mapped to their
     * configured server.port.
     */
    public static Map<String, Integer> servicePorts() {
        return ports(false);
    }

    /** Every process run-local.sh starts: the deployed services and the local-only ones, by module. */
    public static Map<String, Integer> localRunPorts() {
        return ports(true);
    }

    private static Map<String, Integer> ports(boolean withLocalOnly) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String module : modules()) {
            if (!withLocalOnly && LOCAL_ONLY.contains(module)) {
                continue;
            }
            Path config = root().resolve(module).resolve("src/main/resources/application.yaml");
            if (Files.exists(config)) {
                Map<String, Object> yaml = loadYaml(config);
                @SuppressWarnings("unchecked")
                Map<String, Object> server = (Map<String, Object>) yaml.get("server");
                ports.put(module, ((Number) server.get("port")).intValue());
            }
        }
        return ports;
    }

    public static Map<String, Object> loadYaml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
