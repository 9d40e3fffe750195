package org.iiifml.colorizer.results;

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
            info.put("extraFormats", List.of());
            return ResponseEntity.ok().contentType(INFO).cacheControl(FOREVER).header("Access-Control-Allow-Origin", "*").body(info);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<ResponseEntity<Resource>> getImage(String imageId, String size, ServerWebExchange exchange) {
        return Mono.fromCallable(() -> {
            byte[] jpeg = stored(imageId);
            ImageServices.Size full = ImageServices.size(jpeg);
            ImageServices.Size asked = ImageServices.requested(size, full);
            if (asked == null) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "this level 0 service serves the sizes its info.json lists (or max), not "
                        + (size.length() > 20 ? size.substring(0, 20) + "…" : size));
            }
            byte[] body = asked.equals(full) ? jpeg
                    : org.iiifml.colorizer.colorize.ColorizeService.jpeg(ImageServices.scaled(jpeg, asked), 0.9f);
            return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(FOREVER)
                    .header("Access-Control-Allow-Origin", "*").header("X-Content-Type-Options", "nosniff")
                    .body((Resource) new ByteArrayResource(body));
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
