package org.iiifml.canvasjobs.images;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import org.iiifml.canvasjobs.fetcher.FetcherProblems;
import org.iiifml.canvasjobs.source.PlannedCanvas;
import org.iiifml.client.fetcher.api.ImagesApi;
import org.iiifml.iiif.image.ImageApiVersion;
import org.iiifml.iiif.image.ImageInfo;
import org.iiifml.iiif.image.ImageService;
import org.iiifml.iiif.image.Size;
import org.iiifml.iiif.image.TileSet;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;

/**
 * A planned canvas's image through the iiif-fetcher, by its service (or its URL) alone: the fetcher asks
 * for the size that fits the box (a level-0 service: the smallest listed size covering it) and keeps the
 * service's info.json, so a job reads each image's information from the IIIF server at most once.
 * Blocking; for the job runner's threads.
 */
public final class CanvasImages {

    private final ImagesApi images;
    private final ImageDecoder decoder;

    public CanvasImages(ImagesApi images, ImageDecoder decoder) {
        this.images = images;
        this.decoder = decoder;
    }

    /** The canvas's image fitted within {@code box × box}, decoded, with its sizes and image information. */
    public CanvasImage fetch(PlannedCanvas canvas, int box) {
        PlannedCanvas.PlannedImage planned = canvas.image();
        if (planned == null) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "the canvas " + canvas.canvasId() + " paints no image");
        }
        ImageInfo info = null;
        ResponseEntity<Resource> page;
        if (planned.serviceId() != null) {
            info = info(planned.serviceId());
            page = FetcherProblems.call(() -> images.getImageWithHttpInfo(box, box, planned.serviceId(), null, null, null,
                    planned.region(), null, "jpg").block());
        } else if (planned.url() != null) {
            page = FetcherProblems.call(() -> images.getImageWithHttpInfo(box, box, null, planned.url(), null, null,
                    planned.region(), null, "jpg").block());
        } else {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "the image of canvas " + canvas.canvasId() + " has no id");
        }
        byte[] bytes;
        try {
            bytes = page.getBody() == null ? new byte[0] : page.getBody().getContentAsByteArray();
        } catch (IOException e) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, "the image could not be read from the iiif-fetcher");
        }
        ImageDecoder.Decoded decoded = InferenceProblems.decode(decoder, bytes, 0);
        int served = decoded.width();
        int servedHeight = decoded.height();
        int canvasWidth = canvas.width() != null && canvas.width() > 0 ? canvas.width() : served;
        int canvasHeight = canvas.height() != null && canvas.height() > 0 ? canvas.height() : servedHeight;
        return new CanvasImage(canvas, decoded.image(), served, servedHeight, canvasWidth, canvasHeight,
                page.getHeaders().getFirst("X-IIIF-Request"), info);
    }

    /** An image service's information through the fetcher, every field of it. */
    public ImageInfo info(String service) {
        return fromApi(FetcherProblems.call(() -> images.getImageInfo(service).block()));
    }

    static ImageInfo fromApi(org.iiifml.client.fetcher.model.ImageInfo api) {
        ImageApiVersion version = switch (api.getVersion().getValue()) {
            case "3" -> ImageApiVersion.V3;
            case "2" -> ImageApiVersion.V2;
            case "1.1" -> ImageApiVersion.V1_1;
            default -> ImageApiVersion.V1_0;
        };
        List<Size> sizes = api.getSizes() == null ? List.of()
                : api.getSizes().stream().map(s -> new Size(s.getWidth(), s.getHeight())).toList();
        List<TileSet> tiles = api.getTiles() == null ? List.of()
                // A tile's height defaults to its width (Image API 3 §5.6).
                : api.getTiles().stream().map(t -> new TileSet(t.getWidth(), t.getHeight() == null ? t.getWidth() : t.getHeight(),
                        t.getScaleFactors())).toList();
        return new ImageInfo(new ImageService(api.getId(), api.getType(), version, api.getLevel(), api.getProfile()),
                api.getWidth(), api.getHeight(), sizes, tiles, api.getMaxWidth(), api.getMaxHeight(), api.getMaxArea(),
                set(api.getFormats()), set(api.getQualities()), set(api.getFeatures()));
    }

    private static java.util.Set<String> set(List<String> values) {
        return values == null ? java.util.Set.of() : new HashSet<>(values);
    }
}
