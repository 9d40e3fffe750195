package org.iiifml.colorizer.colorize;

import java.util.List;
import org.iiifml.canvasjobs.fetcher.IiifImageSource;
import org.iiifml.colorizer.api.ColorizeApi;
import org.iiifml.colorizer.api.model.ImageReference;
import org.iiifml.colorizer.config.ColorizerProperties;
import org.iiifml.support.upload.Uploads;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Colourisation of an uploaded image, answered as the image itself. */
@RestController
class ColorizeController implements ColorizeApi {

    /** The largest box asked of the fetcher: its own output cap decides how large the image comes. */
    static final int FULL = 100_000;

    private final ColorizeService colorizer;
    private final ColorizerProperties properties;
    private final IiifImageSource sources;

    ColorizeController(ColorizeService colorizer, ColorizerProperties properties, IiifImageSource sources) {
        this.colorizer = colorizer;
        this.properties = properties;
        this.sources = sources;
    }

    @Override
    public Mono<ResponseEntity<Resource>> colorizeReference(Mono<ImageReference> reference, String model, Integer renderFactor, Boolean mark,
            Float quality, ServerWebExchange exchange) {
        boolean png = wantsPng(exchange.getRequest().getHeaders().getAccept());
        return reference.flatMap(ref -> {
            colorizer.model(model); // a missing model is refused before anything is fetched
            return sources.fetch(ref.getImageServiceUrl(), ref.getManifestUrl(), ref.getCanvasId(), FULL)
                    .flatMap(image -> colorizer.colorize(image.bytes(),
                            new ColorizeService.Request(model, renderFactor, mark, quality, png, image.iiifRequest())));
        }).map(result -> answer(result, png));
    }

    @Override
    public Mono<ResponseEntity<Resource>> colorizeUpload(Part image, String model, Integer renderFactor, Boolean mark, Float quality,
            ServerWebExchange exchange) {
        boolean png = wantsPng(exchange.getRequest().getHeaders().getAccept());
        return Uploads.read(image, properties.maxUploadBytes(), "suite.colorizer.max-upload-bytes")
                .flatMap(bytes -> colorizer.colorize(bytes, new ColorizeService.Request(model, renderFactor, mark, quality, png, null)))
                .map(result -> answer(result, png));
    }

    private static ResponseEntity<Resource> answer(ColorizeService.Colourised result, boolean png) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(result.mediaType()))
                .header("X-Colorizer-Model", result.model().name())
                .header("X-Colorizer-Model-Version", result.model().version())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"colourised." + (png ? "png" : "jpg") + "\"")
                .body((Resource) new ByteArrayResource(result.bytes()));
    }

    /** PNG when Accept prefers it to JPEG; JPEG otherwise (and for a missing or wildcard Accept). */
    static boolean wantsPng(List<MediaType> accept) {
        for (MediaType type : accept.stream().sorted(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed()).toList()) {
            if (type.isCompatibleWith(MediaType.IMAGE_PNG) && !type.isWildcardSubtype()) {
                return true;
            }
            if (type.isCompatibleWith(MediaType.IMAGE_JPEG) || type.isWildcardType() || type.isWildcardSubtype()) {
                return false;
            }
        }
        return false;
    }
}
