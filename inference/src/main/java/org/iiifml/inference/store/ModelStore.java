package org.iiifml.inference.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The models on disk: a folder per model version, {@code <root>/<name>/<version>/} holding
 * {@code model.onnx} and {@code model.json}. A version whose model.json does not read, whose folder does not
 * match its name and version, or whose model.onnx does not have the sha256 it declares is left out, with a
 * log line saying why: a model is never run on trust.
 */
public final class ModelStore {

    private static final Logger log = LoggerFactory.getLogger(ModelStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A verified model version and its file. */
    public record StoredModel(ModelDescriptor descriptor, Path onnx) {
    }

    private final Path root;

    /** Versions compare number by number where they are numbers ("10" after "9"), as text elsewhere. */
    public static final java.util.Comparator<String> VERSIONS = (a, b) -> {
        String[] x = a.split("[.\\-_]");
        String[] y = b.split("[.\\-_]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d{1,9}") && y[i].matches("\\d{1,9}")
                    ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    public ModelStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Every verified model version, by name then version. */
    public List<StoredModel> list() {
        return list(java.util.Set.of());
    }

    /**
     * The verified model versions but those named (name:version): a registry that has them loaded does
     * not have their model.onnx read and hashed again on every look at the store.
     */
    public List<StoredModel> list(java.util.Set<String> skip) {
        List<StoredModel> models = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return models;
        }
        try (Stream<Path> names = Files.list(root)) {
            for (Path name : names.filter(ModelStore::visibleFolder).sorted().toList()) {
                try (Stream<Path> versions = Files.list(name)) {
                    for (Path version : versions.filter(ModelStore::visibleFolder).sorted().toList()) {
                        if (!skip.contains(name.getFileName() + ":" + version.getFileName())) {
                            read(version).ifPresent(models::add);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the model store " + root + " could not be listed", e);
        }
        models.sort(Comparator.comparing((StoredModel m) -> m.descriptor().name()).thenComparing(m -> m.descriptor().version()));
        return models;
    }

    /** Folders being written start with '.' and are not models yet. */
    private static boolean visibleFolder(Path path) {
        return Files.isDirectory(path) && !path.getFileName().toString().startsWith(".");
    }

    private Optional<StoredModel> read(Path folder) {
        Path json = folder.resolve("model.json");
        Path onnx = folder.resolve("model.onnx");
        if (!Files.isRegularFile(json) || !Files.isRegularFile(onnx)) {
            log.warn("Model folder {} is left out: it needs model.json and model.onnx", folder);
            return Optional.empty();
        }
        ModelDescriptor descriptor;
        try {
            descriptor = JSON.readValue(json.toFile(), ModelDescriptor.class);
        } catch (RuntimeException e) {
            log.warn("Model folder {} is left out: its model.json does not read ({})", folder, e.getMessage());
            return Optional.empty();
        }
        if (!folder.getFileName().toString().equals(descriptor.version())
                || !folder.getParent().getFileName().toString().equals(descriptor.name())) {
            log.warn("Model folder {} is left out: it holds {} by its model.json", folder, descriptor.key());
            return Optional.empty();
        }
        String actual = sha256(onnx);
        if (!actual.equals(descriptor.sha256())) {
            log.warn("Model {} is left out: model.onnx has sha256 {}, model.json says {}", descriptor.key(), actual, descriptor.sha256());
            return Optional.empty();
        }
        return Optional.of(new StoredModel(descriptor, onnx));
    }

    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** Writes a model version into the store (the folder appears whole or not at all). */
    public StoredModel write(ModelDescriptor descriptor, byte[] onnx) {
        if (!sha256(onnx).equals(descriptor.sha256())) {
            throw new IllegalArgumentException("model.onnx does not have the sha256 its descriptor declares");
        }
        Path folder = root.resolve(descriptor.name()).resolve(descriptor.version());
        try {
            Files.createDirectories(folder.getParent());
            Path staging = Files.createTempDirectory(folder.getParent(), "." + descriptor.version() + "-");
            Files.write(staging.resolve("model.onnx"), onnx);
            Files.writeString(staging.resolve("model.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(descriptor));
            Files.move(staging, folder, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the model " + descriptor.key() + " could not be written to " + root, e);
        }
        return new StoredModel(descriptor, folder.resolve("model.onnx"));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
