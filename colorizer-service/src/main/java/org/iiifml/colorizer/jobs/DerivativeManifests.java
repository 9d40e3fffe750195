package org.iiifml.colorizer.jobs;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two Presentation 3 manifests of a colourisation job, made from the source manifest (as the fetcher
 * reads it, Presentation 3) and the job's results:
 * <ul>
 * <li>the <b>derivative</b>: labelled "colourised", each colourised canvas painted by its colourised image
 * (served by the suite as Image API 3 level 0), with a {@code describing} annotation naming the model, its
 * version and the job's parameters; the source's metadata, rights and required statement kept, its
 * providers followed by the operator, and the source manifest in {@code seeAlso};
 * <li>the <b>Choice</b> manifest: each colourised canvas painted by a {@code Choice} of the original image
 * first and the colourised one second, so that viewers offer a toggle and clients without Choice show the
 * original.
 * </ul>
 * Canvases that were not colourised (failed, or left out of the job) are left out of both.
 */
public final class DerivativeManifests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String CONTEXT = "http://iiif.io/api/presentation/3/context.json";

    private DerivativeManifests() {
    }

    /** What made the images, for the describing annotations and the summary. */
    public record Made(String modelName, String modelVersion, String modelSha256, Map<String, Object> settings) {
    }

    /** Where the manifest lives, where the images are served, and who runs the suite. */
    public record Urls(String self, String sourceManifest, String images, String operatorId, String operatorName) {
    }

    /** The describing text of one canvas. */
    public static String describing(String model, String version) {
        return "Colourised by machine: the colours were predicted by the model " + model + " " + version
                + " and are not a record of the original's colours.";
    }

    public static ObjectNode derivative(JsonNode source, Map<String, ColorizationResult> results, Made made, Urls urls) {
        ObjectNode manifest = head(source, made, urls, " (colourised)");
        ArrayNode items = manifest.putArray("items");
        int n = 0;
        for (JsonNode canvas : source.path("items")) {
            ColorizationResult result = results.get(canvas.path("id").asString());
            if (result == null) {
                continue;
            }
            String id = urls.self() + "/canvas/" + (++n);
            ObjectNode c = canvas(items, canvas, id, result);
            painting(c, id, colourised(result, urls));
            ObjectNode annotation = annotationPage(c.putArray("annotations"), id + "/describing").putArray("items").addObject();
            annotation.put("id", id + "/describing/1").put("type", "Annotation").put("motivation", "describing").put("target", id);
            ObjectNode body = annotation.putObject("body");
            body.put("type", "TextualBody").put("language", "en").put("format", "text/plain")
                    .put("value", describing(made.modelName(), made.modelVersion()) + " Model sha256 " + made.modelSha256()
                            + "; parameters " + made.settings() + ".");
        }
        return manifest;
    }

    public static ObjectNode choice(JsonNode source, Map<String, ColorizationResult> results, Made made, Urls urls) {
        ObjectNode manifest = head(source, made, urls, " (original and colourised)");
        ArrayNode items = manifest.putArray("items");
        int n = 0;
        for (JsonNode canvas : source.path("items")) {
            ColorizationResult result = results.get(canvas.path("id").asString());
            JsonNode original = firstPainted(canvas);
            if (result == null || original == null) {
                continue;
            }
            String id = urls.self() + "/canvas/" + (++n);
            ObjectNode c = canvas(items, canvas, id, result);
            ObjectNode choice = NODES.objectNode();
            choice.put("type", "Choice");
            choice.putArray("items").add(original.deepCopy()).add(colourised(result, urls));
            painting(c, id, choice);
        }
        return manifest;
    }

    private static ObjectNode head(JsonNode source, Made made, Urls urls, String suffix) {
        ObjectNode manifest = NODES.objectNode();
        manifest.put("@context", CONTEXT).put("id", urls.self()).put("type", "Manifest");
        manifest.putObject("label").putArray("en").add(label(source.path("label")) + suffix);
        manifest.putObject("summary").putArray("en").add("Colourised by machine with the model " + made.modelName() + " "
                + made.modelVersion() + " from the manifest " + urls.sourceManifest() + ". The colours are the model's predictions.");
        for (String kept : new String[] {"metadata", "requiredStatement", "rights"}) {
            if (source.has(kept)) {
                manifest.set(kept, source.get(kept).deepCopy());
            }
        }
        ArrayNode providers = manifest.putArray("provider");
        source.path("provider").forEach(p -> providers.add(p.deepCopy()));
        ObjectNode operator = providers.addObject();
        operator.put("id", urls.operatorId()).put("type", "Agent");
        operator.putObject("label").putArray("en").add(urls.operatorName() + " (colourised the images)");
        ObjectNode seeAlso = manifest.putArray("seeAlso").addObject();
        seeAlso.put("id", urls.sourceManifest()).put("type", "Dataset").put("format", "application/ld+json").put("profile", CONTEXT);
        seeAlso.putObject("label").putArray("en").add("The source manifest");
        return manifest;
    }

    /** The first value of a language map, whatever its language; "Untitled" when there is none. */
    static String label(JsonNode languageMap) {
        for (JsonNode values : languageMap) {
            if (values.isArray() && !values.isEmpty()) {
                return values.get(0).asString();
            }
        }
        return "Untitled";
    }

    private static ObjectNode canvas(ArrayNode items, JsonNode source, String id, ColorizationResult result) {
        ObjectNode c = items.addObject();
        c.put("id", id).put("type", "Canvas");
        if (source.has("label")) {
            c.set("label", source.get("label").deepCopy());
        }
        int width = source.path("width").asInt(result.canvasWidth());
        int height = source.path("height").asInt(result.canvasHeight());
        c.put("width", width > 0 ? width : result.width()).put("height", height > 0 ? height : result.height());
        return c;
    }

    private static void painting(ObjectNode canvas, String id, JsonNode body) {
        ObjectNode annotation = annotationPage(canvas.putArray("items"), id + "/page").putArray("items").addObject();
        annotation.put("id", id + "/page/painting").put("type", "Annotation").put("motivation", "painting").put("target", id);
        annotation.set("body", body);
    }

    private static ObjectNode annotationPage(ArrayNode pages, String id) {
        ObjectNode page = pages.addObject();
        page.put("id", id).put("type", "AnnotationPage");
        return page;
    }

    /** The colourised image, with its level-0 Image API 3 service. */
    static ObjectNode colourised(ColorizationResult result, Urls urls) {
        String service = urls.images() + "/" + result.image();
        ObjectNode body = NODES.objectNode();
        body.put("id", service + "/full/max/0/default.jpg").put("type", "Image").put("format", "image/jpeg")
                .put("width", result.width()).put("height", result.height());
        body.putObject("label").putArray("en").add("Colourised by machine");
        ObjectNode s = body.putArray("service").addObject();
        s.put("id", service).put("type", "ImageService3").put("profile", "level0");
        return body;
    }

    /** The body of a canvas's first painting annotation (the first item of a Choice), or null. */
    static JsonNode firstPainted(JsonNode canvas) {
        for (JsonNode page : canvas.path("items")) {
            for (JsonNode annotation : page.path("items")) {
                if ("painting".equals(annotation.path("motivation").asString(""))) {
                    JsonNode body = annotation.path("body");
                    if (body.isArray()) {
                        body = body.path(0);
                    }
                    if ("Choice".equals(body.path("type").asString(""))) {
                        body = body.path("items").path(0);
                    }
                    return body.isObject() ? body : null;
                }
            }
        }
        return null;
    }
}
