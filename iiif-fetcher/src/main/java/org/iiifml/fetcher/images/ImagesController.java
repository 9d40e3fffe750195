package org.iiifml.fetcher.images;

import org.iiifml.fetcher.api.ImagesApi;
import org.iiifml.fetcher.api.model.ImageInfo;
import org.iiifml.fetcher.api.model.ImageSize;
import org.iiifml.fetcher.api.model.TileSet;
import org.iiifml.iiif.image.Region;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@RestController
class ImagesController implements ImagesApi {

    private final ImageFetchService images;

    ImagesController(ImageFetchService images) {
        this.images = images;
    }

    @Override
    public Mono<ResponseEntity<ImageInfo>> getImageInfo(String service, ServerWebExchange exchange) {
        return images.info(service).map(info -> ResponseEntity.ok(toApi(info)));
    }

    @Override
    public Mono<ResponseEntity<byte[]>> getImage(Integer width, Integer height, String service, String url, String manifest,
            String canvas, String region, Boolean upscale, String format, ServerWebExchange exchange) {
        boolean byCanvas = manifest != null || canvas != null;
        int named = (byCanvas ? 1 : 0) + (service != null ? 1 : 0) + (url != null ? 1 : 0);
        if (named != 1 || (byCanvas && (manifest == null || canvas == null))) {
            return Mono.error(new ProblemException(ProblemType.BAD_REQUEST, "name the image with service, with url, or with manifest and canvas"));
        }
        if (!"jpg".equals(format) && !"png".equals(format)) {
            return Mono.error(new ProblemException(ProblemType.BAD_REQUEST, "format is jpg or png"));
        }
        Region parsed;
        try {
            parsed = region == null ? null : Region.parse(region);
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(ProblemType.BAD_REQUEST, "region is x,y,w,h with a positive width and height"));
        }
        boolean up = Boolean.TRUE.equals(upscale);
        Mono<FetchedImage> fetched = byCanvas ? images.canvasImage(manifest, canvas, parsed, width, height, up, format)
                : service != null ? images.image(service, parsed, width, height, up, format)
                : images.plainImage(url, parsed, width, height, up, format);
        return fetched
                .map(image -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(image.contentType()))
                        // Only JPEG or PNG, as the bytes are: a browser must not guess another type from them.
                        .header("X-Content-Type-Options", "nosniff")
                        .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"image." + format + "\"")
                        .header("X-IIIF-Request", image.requestUrl())
                        .header("X-Image-Width", Integer.toString(image.width()))
                        .header("X-Image-Height", Integer.toString(image.height()))
                        .body(image.bytes()));
    }

    private static ImageInfo toApi(org.iiifml.iiif.image.ImageInfo info) {
        ImageInfo api = new ImageInfo();
        api.setId(info.id());
        api.setType(info.service().type());
        api.setProfile(info.service().profile());
        api.setVersion(ImageInfo.VersionEnum.fromValue(info.version().label()));
        api.setLevel(info.service().level());
        api.setWidth(info.width());
        api.setHeight(info.height());
        api.setMaxWidth(info.maxWidth());
        api.setMaxHeight(info.maxHeight());
        api.setMaxArea(info.maxArea());
        api.setSizes(info.sizes().stream().map(s -> {
            ImageSize size = new ImageSize();
            size.setWidth(s.width());
            size.setHeight(s.height());
            return size;
        }).toList());
        api.setTiles(info.tiles().stream().map(t -> {
            TileSet tile = new TileSet();
            tile.setWidth(t.width());
            tile.setHeight(t.height());
            tile.setScaleFactors(t.scaleFactors());
            return tile;
        }).toList());
        api.setFormats(info.formats().stream().sorted().toList());
        api.setQualities(info.qualities().stream().sorted().toList());
        api.setFeatures(info.features().stream().sorted().toList());
        return api;
    }
}
