package org.iiifml.colorizer.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.iiifml.inference.store.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Colourised images kept on disk, never in the database: a directory locally, a volume in Kubernetes.
 * Each is stored once under its content's sha256 ({@code ab/abcd….jpg}), written to a temporary name and
 * renamed, so a reader never sees half a file. A file not written or read for {@code retention} is removed
 * by {@link #sweep}, which the service runs every hour.
 */
public final class ResultStore {

    private static final Logger log = LoggerFactory.getLogger(ResultStore.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Duration retention;
    private final Clock clock;

    public ResultStore(Path root, Duration retention, Clock clock) {
        this.root = root;
        this.retention = retention;
        this.clock = clock;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("the results directory " + root + " cannot be made", e);
        }
    }

    /** Stores a JPEG (once for the same bytes) and answers its id, the sha256 of its bytes. */
    public String put(byte[] jpeg) {
        String id = ModelStore.sha256(jpeg);
        Path file = file(id);
        try {
            if (Files.exists(file)) {
                Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
                return id;
            }
            Files.createDirectories(file.getParent());
            Path partial = Files.createTempFile(file.getParent(), ".partial-", ".jpg");
            try {
                Files.write(partial, jpeg);
                try {
                    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(partial);
            }
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("a colourised image could not be stored in " + root, e);
        }
    }

    /** A stored image's bytes; empty for an id that is not one (malformed, never stored, or removed). */
    public Optional<byte[]> get(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file(id)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the files older than the retention; answers how many. */
    public int sweep() {
        long before = clock.instant().minus(retention).toEpochMilli();
        int removed = 0;
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.getLastModifiedTime(file).toMillis() < before) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("Sweeping the results directory {} failed: {}", root, e.getMessage());
        }
        if (removed > 0) {
            log.info("Removed {} colourised images older than {} from {}", removed, retention, root);
        }
        return removed;
    }

    private Path file(String id) {
        return root.resolve(id.substring(0, 2)).resolve(id + ".jpg");
    }
}
