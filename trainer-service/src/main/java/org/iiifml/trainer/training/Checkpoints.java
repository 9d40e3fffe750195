package org.iiifml.trainer.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A training's checkpoints in its work folder: the arrays (parameters, optimizer moments, best parameters)
 * in {@code arrays-<step>.ndlist}, and {@code checkpoint.json} (position, RNG seed, history) naming them.
 * Each file is written beside its final name and moved into place; the JSON goes last, so a process killed
 * at any moment leaves the previous checkpoint whole, and a reader never sees half of one.
 */
public final class Checkpoints {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STATE = "checkpoint.json";

    private final Path directory;

    public Checkpoints(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** A checkpoint read back: its JSON state and its arrays. */
    public record Loaded(JsonNode state, NDList arrays) {
    }

    public void write(long step, JsonNode state, NDList arrays) {
        try {
            Files.createDirectories(directory);
            String name = "arrays-" + step + ".ndlist";
            replace(directory.resolve(name), arrays.encode());
            replace(directory.resolve(STATE), JSON.writeValueAsBytes(((tools.jackson.databind.node.ObjectNode) state.deepCopy()).put("arrays", name)));
            try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, "arrays-*.ndlist")) {
                for (Path p : old) {
                    if (!p.getFileName().toString().equals(name)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the checkpoint could not be written to " + directory, e);
        }
    }

    public Optional<Loaded> read(NDManager manager) {
        Path state = directory.resolve(STATE);
        if (!Files.exists(state)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(Files.readAllBytes(state));
            byte[] arrays = Files.readAllBytes(directory.resolve(json.path("arrays").asString()));
            return Optional.of(new Loaded(json, NDList.decode(manager, arrays)));
        } catch (IOException e) {
            throw new UncheckedIOException("the checkpoint in " + directory + " could not be read", e);
        }
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.write(partial, bytes);
        try (var channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true); // on disk before it takes the final name
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
