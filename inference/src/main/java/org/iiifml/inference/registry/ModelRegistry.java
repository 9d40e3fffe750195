package org.iiifml.inference.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's models: its built-in ones and every version in the model store that its task and contract
 * take, each loaded once, checked against the contract with one inference (which warms it up) and listed
 * by name then version. The store is looked at again every {@code reloadInterval} (and on {@link #reload}):
 * a version that appears there, published by the trainer or placed by an operator, is served without a
 * restart. A version already loaded stays as it is; one that fails its check is not tried again until its
 * model.onnx changes.
 *
 * @param <M> the loaded form (a session with its batcher, a detector); closed when the registry closes
 */
public final class ModelRegistry<M extends AutoCloseable> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    /** How a service loads the models it serves. */
    public interface Loader<M> {

        /** Why this service does not serve a stored model (another task or contract), or null when it does. */
        String refusal(ModelDescriptor descriptor);

        /** Loads a stored model and checks it against the contract with one inference; throws when it fails. */
        M load(ModelStore.StoredModel stored);
    }

    /** A model version ready to use, and where it came from ("built-in" or "store"). */
    public record Loaded<M>(ModelDescriptor descriptor, M model, String origin) {
    }

    private final String listedAt;
    private final java.util.function.Function<String, RuntimeException> notLoaded;
    private final ModelStore store;
    private final Loader<M> loader;
    private final Map<String, Loaded<M>> models = new ConcurrentHashMap<>();
    /** Versions that failed their check, by key, with the sha256 they had then. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final Loaded<M> defaultModel;
    private ScheduledExecutorService reloading;

    /**
     * @param listedAt the path that lists the models, for problem details (e.g. /api/classifier/models)
     * @param notLoaded the exception for a request that names a model not loaded (a service's 404 problem)
     * @param defaultRef the model used when a request names none: name or name:version; blank for the first
     *     listed at start
     */
    public ModelRegistry(String listedAt, java.util.function.Function<String, RuntimeException> notLoaded, ModelStore store,
            Loader<M> loader, List<Loaded<M>> builtIns, String defaultRef) {
        this.listedAt = listedAt;
        this.notLoaded = notLoaded;
        this.store = store;
        this.loader = loader;
        builtIns.forEach(this::add);
        reload();
        this.defaultModel = defaultRef == null || defaultRef.isBlank() ? list().stream().findFirst().orElse(null) : find(defaultRef.trim());
        if (defaultRef != null && !defaultRef.isBlank() && defaultModel == null) {
            throw new IllegalStateException("the default model " + defaultRef + " is not loaded; models: " + models.keySet());
        }
        log.info("Models ready: {} (default {})", models.keySet(), defaultModel == null ? "none" : defaultModel.descriptor().key());
    }

    /** Looks at the store every {@code interval} from now on; zero or negative: never. */
    public synchronized void reloadEvery(Duration interval) {
        if (interval.isZero() || interval.isNegative() || reloading != null) {
            return;
        }
        reloading = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-reload");
            t.setDaemon(true);
            return t;
        });
        reloading.scheduleWithFixedDelay(() -> {
            try {
                reload();
            } catch (RuntimeException e) {
                log.warn("The model store {} could not be read: {}", store.root(), e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Loads the versions that appeared in the store since it was last read; answers their keys. */
    public synchronized List<String> reload() {
        List<String> added = new ArrayList<>();
        for (ModelStore.StoredModel stored : store.list(Set.copyOf(models.keySet()))) {
            ModelDescriptor d = stored.descriptor();
            String refusal = loader.refusal(d);
            if (refusal != null || d.sha256().equals(failed.get(d.key()))) {
                if (refusal != null && failed.put(d.key(), d.sha256()) == null) {
                    log.info("Model {} in {} is left out: {}", d.key(), store.root(), refusal);
                }
                continue;
            }
            try {
                add(new Loaded<>(d, loader.load(stored), "store"));
                failed.remove(d.key());
                added.add(d.key());
            } catch (RuntimeException e) {
                failed.put(d.key(), d.sha256());
                log.warn("Model {} from {} is left out: {}", d.key(), store.root(), e.getMessage());
            }
        }
        if (!added.isEmpty()) {
            log.info("Models loaded from {}: {}", store.root(), added);
        }
        return added;
    }

    /** Loads a stored version now and serves it (after an import); a failed check throws. */
    public synchronized Loaded<M> load(ModelStore.StoredModel stored) {
        Loaded<M> loaded = new Loaded<>(stored.descriptor(), loader.load(stored), "store");
        add(loaded);
        return loaded;
    }

    private synchronized void add(Loaded<M> loaded) {
        Loaded<M> previous = models.put(loaded.descriptor().key(), loaded);
        if (previous != null) {
            log.warn("Model {} from the {} replaces the {} one", loaded.descriptor().key(), loaded.origin(), previous.origin());
            close(previous);
        }
    }

    /** Every loaded model, by name then version. */
    public List<Loaded<M>> list() {
        List<Loaded<M>> all = new ArrayList<>(models.values());
        all.sort(Comparator.comparing((Loaded<M> m) -> m.descriptor().name()).thenComparing(m -> m.descriptor().version(), ModelStore.VERSIONS));
        return all;
    }

    /** The model used when a request names none: the configured one, else the first listed (null: none loaded). */
    public Loaded<M> defaultModel() {
        if (defaultModel != null) {
            return defaultModel;
        }
        // None was loaded at start (a service that ships no model): the first version the store gave since.
        List<Loaded<M>> all = list();
        return all.isEmpty() ? null : all.get(0);
    }

    public ModelStore store() {
        return store;
    }

    /**
     * The model a request names: "name:version", "name" for its newest version, or null/blank for the
     * default. Throws the service's not-loaded exception when there is none.
     */
    public Loaded<M> resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            Loaded<M> fallback = defaultModel();
            if (fallback == null) {
                throw notLoaded.apply("no model is loaded");
            }
            return fallback;
        }
        Loaded<M> model = find(ref.trim());
        if (model == null) {
            String shown = ref.length() > 80 ? ref.substring(0, 80) + "…" : ref;
            throw notLoaded.apply("no model '" + shown + "' is loaded; GET " + listedAt + " lists them");
        }
        return model;
    }

    private Loaded<M> find(String ref) {
        if (ref.contains(":")) {
            return models.get(ref);
        }
        return models.values().stream().filter(m -> m.descriptor().name().equals(ref))
                .max(Comparator.comparing(m -> m.descriptor().version(), ModelStore.VERSIONS)).orElse(null);
    }

    @Override
    public synchronized void close() {
        if (reloading != null) {
            reloading.shutdownNow();
        }
        models.values().forEach(ModelRegistry::close);
    }

    private static <T extends AutoCloseable> void close(Loaded<T> loaded) {
        try {
            loaded.model().close();
        } catch (Exception e) {
            log.warn("Model {} did not close cleanly: {}", loaded.descriptor().key(), e.getMessage());
        }
    }
}
