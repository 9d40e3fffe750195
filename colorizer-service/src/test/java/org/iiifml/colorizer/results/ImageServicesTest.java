package org.iiifml.colorizer.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.iiifml.support.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Level 0 as a viewer asks for it: the listed sizes, and for a large image its tiles; nothing else. */
class ImageServicesTest {

    static final ImageServices.Size LARGE = new ImageServices.Size(5000, 3000);

    @Test
    void sizesHalveDownToTheSmallestAndOnlyLargeImagesAreTiled() {
        assertThat(ImageServices.sizes(LARGE)).containsExactly(new ImageServices.Size(5000, 3000), new ImageServices.Size(2500, 1500),
                new ImageServices.Size(1250, 750), new ImageServices.Size(625, 375), new ImageServices.Size(313, 188));
        assertThat(ImageServices.scaleFactors(LARGE)).containsExactly(1, 2, 4, 8, 16);
        assertThat(ImageServices.scaleFactors(new ImageServices.Size(2000, 1500))).isEmpty();
    }

    @Test
    void tilesOnTheGridAreServedAndNothingElse() {
        assertThat(ImageServices.part("0,0,512,512", "512,", LARGE)).isEqualTo(new ImageServices.Part(0, 0, 512, 512, new ImageServices.Size(512, 512)));
        // The last column at scale 1 is narrower: 5000 − 4608 = 392.
        assertThat(ImageServices.part("4608,2560,392,440", "392,440", LARGE)).isEqualTo(
                new ImageServices.Part(4608, 2560, 392, 440, new ImageServices.Size(392, 440)));
        // Scale factor 2: 1024 image pixels answered as 512.
        assertThat(ImageServices.part("1024,0,1024,1024", "512,", LARGE).size()).isEqualTo(new ImageServices.Size(512, 512));
        assertThat(ImageServices.part("full", "625,375", LARGE).size()).isEqualTo(new ImageServices.Size(625, 375));
        assertThat(ImageServices.part("full", "max", LARGE).size()).isEqualTo(LARGE);
        assertThat(ImageServices.part("100,0,512,512", "512,", LARGE)).as("off the grid").isNull();
        assertThat(ImageServices.part("0,0,512,512", "600,", LARGE)).as("not the tile's size").isNull();
        assertThat(ImageServices.part("full", "777,", LARGE)).as("not a listed size").isNull();
        assertThat(ImageServices.part("0,0,512,512", "512,", new ImageServices.Size(1000, 800))).as("a small image has no tiles").isNull();
        assertThat(ImageServices.part("a,b,c,d", "512,", LARGE)).isNull();
    }

    @Test
    void aTileIsCutAndScaled() {
        BufferedImage image = new BufferedImage(3000, 2500, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2100, 10, 0xff0000);
        BufferedImage tile = ImageServices.cut(image, ImageServices.part("2048,0,952,1024", "476,", new ImageServices.Size(3000, 2500)));
        assertThat(tile.getWidth()).isEqualTo(476);
        assertThat(tile.getHeight()).isEqualTo(512);
    }

    /** Stored once by content, read back, removed past the retention; a malformed id reads nothing. */
    @Test
    void theStoreKeepsImagesByContentForTheRetention(@TempDir Path dir) {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
        ResultStore store = new ResultStore(dir, Duration.ofDays(30), clock);
        String id = store.put(new byte[] {1, 2, 3});
        assertThat(store.put(new byte[] {1, 2, 3})).isEqualTo(id);
        assertThat(store.get(id)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(store.get("../../etc/passwd")).isEmpty();
        assertThat(store.sweep()).isZero();
        clock.advance(Duration.ofDays(31));
        assertThat(store.sweep()).isEqualTo(1);
        assertThat(store.get(id)).isEmpty();
    }
}
