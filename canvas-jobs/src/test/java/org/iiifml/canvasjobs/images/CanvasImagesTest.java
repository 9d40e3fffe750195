package org.iiifml.canvasjobs.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.iiifml.canvasjobs.source.PlannedCanvas;
import org.iiifml.client.fetcher.model.ImageInfo;
import org.iiifml.client.fetcher.model.ImageSize;
import org.iiifml.client.fetcher.model.TileSet;
import org.iiifml.iiif.image.ImageApiVersion;
import org.iiifml.iiif.image.Region;
import org.junit.jupiter.api.Test;

class CanvasImagesTest {

    @Test
    void theFetchersImageInformationIsReadWithNothingDropped() {
        ImageInfo api = new ImageInfo();
        api.setId("https://example.org/iiif/p1");
        api.setType("ImageService2");
        api.setProfile("http://iiif.io/api/image/2/level1.json");
        api.setVersion(ImageInfo.VersionEnum.fromValue("2"));
        api.setLevel(1);
        api.setWidth(4000);
        api.setHeight(3000);
        api.setMaxWidth(2000);
        api.setMaxArea(4_000_000L);
        ImageSize size = new ImageSize();
        size.setWidth(500);
        size.setHeight(375);
        api.setSizes(List.of(size));
        TileSet tiles = new TileSet();
        tiles.setWidth(512);
        tiles.setScaleFactors(List.of(1, 2, 4));
        api.setTiles(List.of(tiles));
        api.setFormats(List.of("png", "webp"));
        api.setQualities(List.of("gray"));
        api.setFeatures(List.of("rotationArbitrary"));

        org.iiifml.iiif.image.ImageInfo info = CanvasImages.fromApi(api);
        assertThat(info.id()).isEqualTo("https://example.org/iiif/p1");
        assertThat(info.service().type()).isEqualTo("ImageService2");
        assertThat(info.service().profile()).endsWith("level1.json");
        assertThat(info.version()).isEqualTo(ImageApiVersion.V2);
        assertThat(info.service().level()).isEqualTo(1);
        assertThat(info.maxWidth()).isEqualTo(2000);
        assertThat(info.maxArea()).isEqualTo(4_000_000L);
        assertThat(info.sizes()).hasSize(1);
        assertThat(info.tiles().get(0).scaleFactors()).containsExactly(1, 2, 4);
        assertThat(info.tiles().get(0).height()).as("a tile height defaults to its width").isEqualTo(512);
        assertThat(info.formats()).containsExactlyInAnyOrder("png", "webp");
        assertThat(info.qualities()).containsExactly("gray");
        assertThat(info.features()).containsExactly("rotationArbitrary");
    }

    @Test
    void regionsMapFromTheCanvasToTheImageThroughTheSelectedPart() {
        PlannedCanvas canvas = new PlannedCanvas("m", "c", null, 1, 500, 400,
                new PlannedCanvas.PlannedImage(null, "s", null, "V3", 2, null, "1000,0,1000,800", null, null));
        org.iiifml.iiif.image.ImageInfo info = new org.iiifml.iiif.image.ImageInfo(
                new org.iiifml.iiif.image.ImageService("s", "ImageService3", ImageApiVersion.V3, 2, "level2"),
                2000, 800, List.of(), List.of(), null, null, null, java.util.Set.of(), java.util.Set.of(), java.util.Set.of());
        CanvasImage image = new CanvasImage(canvas, new BufferedImage(250, 200, BufferedImage.TYPE_INT_RGB), 250, 200, 500, 400, "r", info);
        assertThat(image.scaleX()).isEqualTo(2.0);
        assertThat(image.toImage(new Region(50, 100, 100, 50))).isEqualTo(new Region(1100, 200, 200, 100));
    }
}
