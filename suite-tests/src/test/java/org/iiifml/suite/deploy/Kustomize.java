package org.iiifml.suite.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of kustomize the
 * suite's manifests use: {@code resources} (files and directories), {@code namespace} and strategic-merge
 * {@code patches} by path. Any other field fails the render, so a manifest can never rely on something this
 * renderer would silently ignore.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "patches");
    /** Lists merged item by item on this key by strategic merge (as Kubernetes declares for these fields). */
    private static final Set<String> MERGE_BY_NAME = Set.of("containers", "initContainers", "env", "volumes",
            "volumeMounts", "ports");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "PersistentVolume", "StorageClass", "PriorityClass");

    private Kustomize() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> kustomization = loadAll(dir.resolve("kustomization.yaml")).get(0);
        for (String key : kustomization.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(dir + ": kustomization field '" + key + "' is not supported");
            }
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : (List<Object>) kustomization.getOrDefault("resources", List.of())) {
            Path path = dir.resolve(entry.toString()).normalize();
            resources.addAll(Files.isDirectory(path) ? render(path) : loadAll(path));
        }
        for (Object patch : (List<Object>) kustomization.getOrDefault("patches", List.of())) {
            Map<String, Object> spec = (Map<String, Object>) patch;
            if (spec.size() != 1 || !spec.containsKey("path")) {
                throw new IllegalArgumentException(dir + ": only patches by path are supported: " + spec);
            }
            for (Map<String, Object> p : loadAll(dir.resolve(spec.get("path").toString()))) {
                Map<String, Object> target = find(resources, kindOf(p), nameOf(p));
                if (target == null) {
                    throw new IllegalArgumentException(dir + ": patch targets no resource: " + kindOf(p) + "/" + nameOf(p));
                }
                merge(target, p);
            }
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> r : resources) {
                if (!CLUSTER_SCOPED.contains(kindOf(r))) {
                    ((Map<String, Object>) r.get("metadata")).put("namespace", namespace);
                }
            }
        }
        return resources;
    }

    static String kindOf(Map<String, Object> resource) {
        return (String) resource.get("kind");
    }

    @SuppressWarnings("unchecked")
    static String nameOf(Map<String, Object> resource) {
        return (String) ((Map<String, Object>) resource.get("metadata")).get("name");
    }

    static Map<String, Object> find(List<Map<String, Object>> resources, String kind, String name) {
        return resources.stream()
                .filter(r -> kind.equals(kindOf(r)) && name.equals(nameOf(r)))
                .findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            Object current = target.get(key);
            if (value instanceof Map<?, ?> map && current instanceof Map<?, ?> currentMap) {
                merge((Map<String, Object>) currentMap, (Map<String, Object>) map);
            } else if (value instanceof List<?> list && current instanceof List<?> currentList && MERGE_BY_NAME.contains(key)) {
                mergeByName((List<Object>) currentList, (List<Object>) list);
            } else {
                target.put(key, value);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void mergeByName(List<Object> target, List<Object> patch) {
        for (Object item : patch) {
            Map<String, Object> patchItem = (Map<String, Object>) item;
            Map<String, Object> existing = target.stream()
                    .map(o -> (Map<String, Object>) o)
                    .filter(o -> Objects.equals(o.get("name"), patchItem.get("name")))
                    .findFirst().orElse(null);
            if (existing != null) {
                merge(existing, patchItem);
            } else {
                target.add(new LinkedHashMap<>(patchItem));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> loadAll(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object doc : new Yaml().loadAll(in)) {
                if (doc != null) {
                    documents.add((Map<String, Object>) doc);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
