package org.iiifml.canvasjobs.testing;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iiifml.inference.testing.TestImages;
import org.iiifml.support.outbound.StubServer;
import reactor.core.publisher.Mono;

/**
 * A IIIF server on this machine, the outside world of the extractor's tests and benchmark: Image API 3 at
 * level 2, rendering every region and size it is asked for from pages held decoded (as real servers do),
 * and manifests of those pages whose canvases are {@code canvasScale} times their images' size. The image
 * "broken" answers a truncated JPEG; "nothing" names a canvas that paints no image. Counts the image bytes
 * it sends.
 */
public final class LocalIiifServer implements AutoCloseable {

    private static final Pattern INFO = Pattern.compile("/img/(\\w+)/info.json");
    private static final Pattern REQUEST = Pattern.compile("/img/(\\w+)/([^/]+)/([^/]+)/0/default.jpg");
    private static final Pattern MANIFEST = Pattern.compile("/(\\w+)\\.json");

    private final StubServer server = new StubServer();
    private final Map<String, BufferedImage> images;
    private final Map<String, String> labels;
    private final double canvasScale;
    private final Map<String, List<String>> manifests = new ConcurrentHashMap<>();
    private final AtomicLong imageBytes = new AtomicLong();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> requests = new ConcurrentHashMap<>();

    public LocalIiifServer(Map<String, BufferedImage> images, Map<String, String> labels, double canvasScale) {
        this.images = Map.copyOf(images);
        this.labels = Map.copyOf(labels);
        this.canvasScale = canvasScale;
        server.stopRecording();
        server.answer((req, res) -> {
            String path = req.uri();
            requests.computeIfAbsent(path, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            Matcher m = MANIFEST.matcher(path);
            if (m.matches() && manifests.containsKey(m.group(1))) {
                return StubServer.json(res, manifestJson(m.group(1)));
            }
            m = INFO.matcher(path);
            if (m.matches()) {
                BufferedImage image = image(m.group(1));
                return StubServer.json(res, """
                        {"@context": "http://iiif.io/api/image/3/context.json", "id": "%s", "type": "ImageService3",
                         "protocol": "http://iiif.io/api/image", "profile": "level2", "width": %d, "height": %d}"""
                        .formatted(url("/img/" + m.group(1)), image.getWidth(), image.getHeight()));
            }
            m = REQUEST.matcher(path);
            if (m.matches()) {
                String id = m.group(1);
                String region = m.group(2);
                String size = m.group(3);
                return Mono.fromCallable(() -> id.equals("broken") ? Arrays.copyOf(TestImages.solid(400, 600, 0x777777, "jpeg"), 900)
                                : render(image(id), region, size))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                        .flatMap(body -> {
                            imageBytes.addAndGet(body.length);
                            return res.header("Content-Type", "image/jpeg").sendByteArray(Mono.just(body)).then();
                        });
            }
            return res.status(404).send();
        });
    }

    /** Serves /{name}.json: a manifest with one canvas per id, in order. */
    public String manifest(String name, List<String> ids) {
        manifests.put(name, List.copyOf(ids));
        return url("/" + name + ".json");
    }

    public String url(String path) {
        return server.url(path);
    }

    /** How many requests for this path (e.g. /book.json, /img/p1/info.json) the server has received. */
    public int requests(String path) {
        var count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /** Image bytes sent so far. */
    public long imageBytes() {
        return imageBytes.get();
    }

    public BufferedImage image(String id) {
        return images.containsKey(id) ? images.get(id) : new BufferedImage(800, 1200, BufferedImage.TYPE_INT_RGB);
    }

    /** The Image API request rendered: region full or x,y,w,h; size max, w,, ,h, w,h or !w,h. */
    public static byte[] render(BufferedImage image, String region, String size) {
        int x = 0;
        int y = 0;
        int w = image.getWidth();
        int h = image.getHeight();
        if (!region.equals("full")) {
            String[] r = region.split(",");
            x = Integer.parseInt(r[0]);
            y = Integer.parseInt(r[1]);
            w = Math.min(Integer.parseInt(r[2]), image.getWidth() - x);
            h = Math.min(Integer.parseInt(r[3]), image.getHeight() - y);
        }
        int ow = w;
        int oh = h;
        String s = size.replace("^", "");
        if (s.startsWith("!")) {
            String[] wh = s.substring(1).split(",");
            double scale = Math.min(Double.parseDouble(wh[0]) / w, Double.parseDouble(wh[1]) / h);
            ow = (int) Math.round(w * scale);
            oh = (int) Math.round(h * scale);
        } else if (s.endsWith(",")) {
            ow = Integer.parseInt(s.substring(0, s.length() - 1));
            oh = (int) Math.round((double) h * ow / w);
        } else if (s.startsWith(",")) {
            oh = Integer.parseInt(s.substring(1));
            ow = (int) Math.round((double) w * oh / h);
        } else if (s.contains(",")) {
            ow = Integer.parseInt(s.split(",")[0]);
            oh = Integer.parseInt(s.split(",")[1]);
        }
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, ow, oh, x, y, x + w, y + h, null);
        g.dispose();
        return TestImages.encode(out, "jpeg");
    }

    private String manifestJson(String name) {
        List<String> canvases = new ArrayList<>();
        for (String id : manifests.get(name)) {
            BufferedImage image = image(id);
            String body = id.equals("nothing") ? "" : """
                    {"id": "%1$s/anno/%2$s", "type": "Annotation", "motivation": "painting", "target": "%1$s/canvas/%2$s",
                     "body": {"id": "%3$s/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
                       "service": [{"id": "%3$s", "type": "ImageService3", "profile": "level2"}]}}"""
                    .formatted(url("/" + name), id, url("/img/" + id));
            canvases.add("""
                    {"id": "%1$s/canvas/%2$s", "type": "Canvas", "label": {"en": ["%5$s"]}, "width": %3$d, "height": %4$d,
                     "items": [{"id": "%1$s/page/%2$s", "type": "AnnotationPage", "items": [%6$s]}]}"""
                    .formatted(url("/" + name), id, (int) Math.round(image.getWidth() * canvasScale),
                            (int) Math.round(image.getHeight() * canvasScale), labels.getOrDefault(id, id), body));
        }
        return """
                {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "%s", "type": "Manifest",
                 "label": {"en": ["%s"]}, "items": [%s]}""".formatted(url("/" + name + ".json"), name, String.join(",", canvases));
    }

    @Override
    public void close() {
        server.close();
    }
}
