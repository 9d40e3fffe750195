package org.iiifml.canvasjobs.fetcher;

import java.io.IOException;
import org.iiifml.client.fetcher.api.ImagesApi;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import reactor.core.publisher.Mono;

/**
 * Images by IIIF reference, through the iiif-fetcher's client: an image service, or a canvas of a
 * manifest, asked for to fit a box (a level-0 service: the smallest listed size covering it). Fetched once:
 * a model's small input is made from these bytes, never by a second request.
 */
public class IiifImageSource {

    /** The image bytes, the Image API request the fetcher made, and the size it got. */
    public record Fetched(byte[] bytes, String iiifRequest, Integer width, Integer height) {
    }

    private final ImagesApi images;

    public IiifImageSource(ImagesApi images) {
        this.images = images;
    }

    /**
     * Gives either {@code imageService}, or {@code manifest} and {@code canvas}; a 400 problem otherwise.
     * The image fits {@code box × box} and is never upscaled.
     */
    public Mono<Fetched> fetch(String imageService, String manifest, String canvas, int box) {
        boolean service = imageService != null;
        boolean byCanvas = manifest != null || canvas != null;
        if (service == byCanvas || (byCanvas && (manifest == null || canvas == null))) {
            return Mono.error(new ProblemException(ProblemType.BAD_REQUEST, "give either imageServiceUrl, or manifestUrl and canvasId"));
        }
        return images.getImageWithHttpInfo(box, box, imageService, null, manifest, canvas, null, null, null)
                .onErrorMap(FetcherProblems::translate)
                .map(response -> {
                    try {
                        byte[] bytes = response.getBody() == null ? new byte[0] : response.getBody().getContentAsByteArray();
                        String width = response.getHeaders().getFirst("X-Image-Width");
                        String height = response.getHeaders().getFirst("X-Image-Height");
                        return new Fetched(bytes, response.getHeaders().getFirst("X-IIIF-Request"),
                                width == null ? null : Integer.valueOf(width), height == null ? null : Integer.valueOf(height));
                    } catch (IOException e) {
                        throw new ProblemException(ProblemType.BAD_GATEWAY, "the image could not be read from the iiif-fetcher");
                    }
                });
    }
}
