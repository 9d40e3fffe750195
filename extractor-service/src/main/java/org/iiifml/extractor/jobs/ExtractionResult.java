package org.iiifml.extractor.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One canvas's extraction as a job keeps it (ExtractionItemResult in openapi/extractor.yaml). Rows kept
 * before {@code imageService}, {@code imageUrl} and {@code imageRegion} existed read with them null.
 *
 * @param page the canvas's position in the manifest, from 1
 * @param iiifRequest the Image API request the fetcher made for the page
 * @param served the size the page was served at
 * @param canvas the canvas's size (the served size when the canvas has none)
 * @param imageService the canvas image's service, or null
 * @param imageUrl the canvas image's own URL, or null
 * @param regions what was found, in canvas coordinates, best score first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExtractionResult(int page, String iiifRequest, Size served, Size canvas, String imageService, String imageUrl,
        List<Found> regions) {

    public ExtractionResult {
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    public record Size(int width, int height) {
    }

    /**
     * A region: its box on the canvas, score and label; with an image service, the box in the full image's
     * pixels ({@code x,y,w,h}) and the Image API URL of its full-resolution crop.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Found(int x, int y, int w, int h, float score, String label, String imageRegion, String iiifRegionUrl) {

        public String xywh() {
            return x + "," + y + "," + w + "," + h;
        }
    }
}
