package org.iiifml.colorizer.results;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iiifml.colorizer.api.ImagesApi;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The colourised images as IIIF Image API 3 level 0 services. Open to any origin (viewers load them from
 * wherever they run) and cacheable for good: an image's id is its bytes' sha256.
 */
@RestController
class ImagesController implements ImagesApi {

    private static final MediaType INFO = MediaType.parseMediaType("application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"");
    private static final CacheControl FOREVER = CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable();

    private final ResultStore store;
    private final PublicUrls publicUrls;

    ImagesController(ResultStore store, PublicUrls publicUrls) {
        this.store = store;
        this.publicUrls = publicUrls;
    }

    private byte[] stored(String imageId) {
        return store.get(imageId).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "no colourised image " + imageId + " is kept here (it may have passed suite.colorizer.results-retention)"));
    }

    @Override
    public Mono<ResponseEntity<Map<String, Object>>> getImageInfo(String imageId, ServerWebExchange exchange) {
        String id = publicUrls.base(exchange.getRequest()) + "/api/colorizer/images/" + imageId;
        return Mono.fromCallable(() -> {
            ImageServices.Size full = ImageServices.size(stored(imageId));
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("@context", "http://iiif.io/api/image/3/context.json");
            info.put("id", id);
            info.put("type", "ImageService3");
            info.put("protocol", "http://iiif.io/api/image");
            info.put("profile", "level0");
            info.put("width", full.width());
            info.put("height", full.height());
            info.put("sizes", ImageServices.sizes(full).stream().map(s -> Map.of("width", s.width(), "height", s.height())).toList());
            List<Integer> factors = ImageServices.scaleFactors(full);
            if (!factors.isEmpty()) {
                info.put("tiles", List.of(Map.of("width", ImageServices.TILE, "height", ImageServices.TILE, "scaleFactors", factors)));
            }
            info.put("extraFormats", List.of());
            return ResponseEntity.ok().contentType(INFO).cacheControl(FOREVER).header("Access-Control-Allow-Origin", "*").body(info);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<ResponseEntity<Resource>> getImage(String imageId, String region, String size, ServerWebExchange exchange) {
        return Mono.fromCallable(() -> {
            byte[] jpeg = stored(imageId);
            ImageServices.Size full = ImageServices.size(jpeg);
            ImageServices.Part part = ImageServices.part(region, size, full);
            if (part == null) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "this level 0 service serves the sizes and tiles its info.json"
                        + " lists, not " + shorten(region) + "/" + shorten(size));
            }
            boolean whole = part.width() == full.width() && part.height() == full.height() && part.size().equals(full);
            byte[] body = whole ? jpeg : org.iiifml.colorizer.colorize.ColorizeService.jpeg(ImageServices.cut(decoded(imageId, jpeg), part), 0.9f);
            return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(FOREVER)
                    .header("Access-Control-Allow-Origin", "*").header("X-Content-Type-Options", "nosniff")
                    .body((Resource) new ByteArrayResource(body));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Decoded once for the tiles a viewer asks of it in a row: a few images, within {@value #DECODED_BYTES} bytes. */
    private BufferedImage decoded(String imageId, byte[] jpeg) {
        return decoded.get(imageId, id -> {
            try {
                return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static final long DECODED_BYTES = 256L << 20;
    private final com.github.benmanes.caffeine.cache.Cache<String, BufferedImage> decoded = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().maximumWeight(DECODED_BYTES)
            .weigher((String id, BufferedImage image) -> image.getWidth() * image.getHeight() * 4)
            .expireAfterAccess(java.time.Duration.ofMinutes(2)).build();

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
