package org.iiifml.fetcher.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.iiifml.iiif.json.IiifException;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.json.JsonLimits;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.iiif.presentation.PresentationWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * ./bench.sh documents: the heap a manifest takes in the fetcher, per MB of document, at each step of
 * GET /api/iiif/manifest: the JSON tree, the model read from it, and the Presentation 3 tree written. Heap
 * retained is measured after collections (MemoryMXBean); allocation per thread (ThreadMXBean). Two kinds of
 * document: real-shaped canvases (label, size, a painting annotation with an Image API 3 service, a
 * thumbnail: about 900 bytes a canvas), and the probe's E1 case, 1,000,000 minimal canvases in 31 MB.
 * "Before" parses the E1 case whole, as the fetcher did; "after" is what it does now: the streaming count
 * refuses it past suite.documents.max-json-tokens before any tree exists.
 */
class DocumentMemoryBench {

    static final double MB = 1 << 20;

    @Test
    void heapPerMegabyteOfManifest() {
        IiifJson unlimited = new IiifJson(new JsonLimits(64L << 20, 200, 1 << 20, 100, 4096, Long.MAX_VALUE));
        IiifJson fetcher = new IiifJson(new JsonLimits(32L << 20, 200, 1 << 20, 100, 4096, 4_000_000));
        for (int canvases : new int[] {1_000, 5_000, 10_000}) {
            byte[] doc = realShaped(canvases).getBytes(StandardCharsets.UTF_8);
            measure("real-" + canvases, doc, unlimited);
        }
        byte[] e1 = minimal(1_000_000).getBytes(StandardCharsets.UTF_8);
        measureTreeOnly("e1-before", e1, unlimited);
        long allocated = allocated();
        long start = System.nanoTime();
        String refusal;
        try {
            fetcher.measure(e1);
            refusal = "none";
        } catch (IiifException e) {
            refusal = e.getMessage();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("e1-after: " + refusal);
        result("e1-after.refused_ms", ms, "ms");
        result("e1-after.allocated_per_mb", (allocated() - allocated) / MB / (e1.length / MB), "MB/MB");
    }

    private static void measure(String name, byte[] doc, IiifJson json) {
        double mb = doc.length / MB;
        IiifJson.Shape shape = json.measure(doc);
        long base = retained();
        long allocated = allocated();
        JsonNode tree = json.parse(doc);
        long treeHeap = retained() - base;
        Manifest manifest = new PresentationReader(json).readManifest(tree);
        tree = null;
        long modelHeap = retained() - base;
        JsonNode written = PresentationWriter.writeV3(manifest, URI.create("https://example.org/m")).json();
        long writtenHeap = retained() - base - modelHeap;
        long total = allocated() - allocated;
        result(name + ".document_mb", mb, "MB");
        result(name + ".tokens", shape.tokens(), "tokens");
        result(name + ".tree_heap_per_mb", treeHeap / MB / mb, "MB/MB");
        result(name + ".tree_bytes_per_token", (double) treeHeap / shape.tokens(), "bytes");
        result(name + ".tree_estimate_ratio", (double) shape.treeBytes() / treeHeap, "estimate/measured");
        result(name + ".model_heap_per_mb", modelHeap / MB / mb, "MB/MB");
        result(name + ".written_heap_per_mb", writtenHeap / MB / mb, "MB/MB");
        result(name + ".allocated_per_mb", total / MB / mb, "MB/MB");
        if (written.isNull() || manifest.canvases().isEmpty()) {
            throw new IllegalStateException("nothing was read");
        }
    }

    private static void measureTreeOnly(String name, byte[] doc, IiifJson json) {
        double mb = doc.length / MB;
        long base = retained();
        long start = System.nanoTime();
        JsonNode tree = json.parse(doc);
        long ms = (System.nanoTime() - start) / 1_000_000;
        long heap = retained() - base;
        result(name + ".document_mb", mb, "MB");
        result(name + ".tree_heap_mb", heap / MB, "MB");
        result(name + ".tree_heap_per_mb", heap / MB / mb, "MB/MB");
        result(name + ".parse_ms", ms, "ms");
        if (tree.path("items").size() != 1_000_000) {
            throw new IllegalStateException("the tree is not whole");
        }
    }

    static String realShaped(int canvases) {
        StringBuilder s = new StringBuilder("{\"@context\": \"http://iiif.io/api/presentation/3/context.json\", "
                + "\"id\": \"https://example.org/iiif/book/manifest\", \"type\": \"Manifest\", \"label\": {\"en\": [\"A book\"]}, \"items\": [");
        for (int i = 0; i < canvases; i++) {
            String c = "https://example.org/iiif/book/canvas/p" + i;
            String img = "https://images.example.org/iiif/3/book%2Fpage-" + String.format(Locale.ROOT, "%05d", i);
            s.append(i == 0 ? "" : ",").append("""
                    {"id": "%1$s", "type": "Canvas", "label": {"none": ["%3$d"]}, "width": 4000, "height": 6000,
                     "thumbnail": [{"id": "%2$s/full/200,/0/default.jpg", "type": "Image", "format": "image/jpeg", "width": 200, "height": 300}],
                     "items": [{"id": "%1$s/page", "type": "AnnotationPage", "items": [{"id": "%1$s/page/a", "type": "Annotation",
                      "motivation": "painting", "target": "%1$s", "body": {"id": "%2$s/full/max/0/default.jpg", "type": "Image",
                      "format": "image/jpeg", "width": 4000, "height": 6000,
                      "service": [{"id": "%2$s", "type": "ImageService3", "profile": "level1"}]}}]}]}
                    """.formatted(c, img, i + 1));
        }
        return s.append("]}").toString();
    }

    static String minimal(int canvases) {
        StringBuilder s = new StringBuilder("{\"@context\": \"http://iiif.io/api/presentation/3/context.json\", "
                + "\"id\": \"https://example.org/m\", \"type\": \"Manifest\", \"label\": {\"en\": [\"m\"]}, \"items\": [");
        for (int i = 0; i < canvases; i++) {
            s.append(i == 0 ? "" : ",").append("{\"id\":\"c").append(i).append("\",\"type\":\"Canvas\"}");
        }
        return s.append("]}").toString();
    }

    private static long retained() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static void result(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s %.2f %s", name, value, unit));
    }
}
