package org.iiifml.fetcher.images;

import static org.assertj.core.api.Assertions.assertThat;

import org.iiifml.iiif.image.Region;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.junit.jupiter.api.Test;

/** Canvas pixels to image pixels, on the cookbook's canvas that shows a region of a larger scan. */
class CanvasRegionTest {

    private final Manifest manifest = new PresentationReader().readManifest(
            CanvasRegionTest.class.getResourceAsStream("/iiif/p3-cookbook-0299-region-specific-resource.json"));
    private final Canvas canvas = manifest.canvases().get(0); // 1768 × 2080, showing 1768,2423,1768,2080 of a 3536 × 4999 image

    @Test
    void theWholeCanvasIsTheSelectedRegionOfTheImage() {
        var body = canvas.firstImage().orElseThrow();
        assertThat(ImageFetchService.imageRegion(canvas, body, null, 3536, 4999)).isEqualTo(new Region(1768, 2423, 1768, 2080));
    }

    @Test
    void aCanvasRegionIsOffsetIntoTheSelection() {
        var body = canvas.firstImage().orElseThrow();
        assertThat(ImageFetchService.imageRegion(canvas, body, new Region(100, 200, 300, 400), 3536, 4999))
                .isEqualTo(new Region(1868, 2623, 300, 400));
    }
}
