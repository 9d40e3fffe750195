package org.iiifml.classifier.classify;

import java.io.IOException;
import org.iiifml.client.fetcher.api.ImagesApi;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.canvasjobs.fetcher.FetcherProblems;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Images by IIIF reference, through the iiif-fetcher's client: an image service, or a canvas of a
 * manifest, asked for at the size a model needs (a level-0 service: the smallest listed size covering it).
 */
@Component
public class IiifImageSource {

    /** The image bytes, the Image API request the fetcher made, and the size it got. */
    public record Fetched(byte[] bytes, String iiifRequest, Integer width, Integer height) {
    }

    private final ImagesApi images;

    IiifImageSource(ImagesApi images) {
        this.images = images;
    }

    /** The box a page is asked to fit in: twice the model's input, so that resizing down keeps detail. */
    public static int box(Preprocessing p) {
        int side = p.resize().equals(Preprocessing.SHORT_SIDE_CROP) ? p.resizeShortSide() : Math.max(p.width(), p.height());
        return side * 2;
    }

    public Mono<Fetched> fetch(String imageService, String manifest, String canvas, Preprocessing forModel) {
        int box = box(forModel);
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
