package org.iiifml.iiif.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.iiifml.iiif.corpus.Corpus;
import org.junit.jupiter.api.Test;

/** Request URLs for real services of the corpus, each version's syntax and each server limit. */
class ImageRequestsTest {

    private final ImageInfoReader reader = new ImageInfoReader();

    private ImageInfo info(String file) {
        return reader.read(Corpus.open("image-info", file));
    }

    @Test
    void v3ScalesByWidthAndKeepsTheAspectRatio() {
        ImageInfo gottingen = info("i3-iiif-reference-gottingen-level1.json");
        ImageRequest r = ImageRequests.fit(gottingen, null, 640, 640, false, "jpg");
        assertThat(r.url()).isEqualTo(gottingen.id() + "/full/640,/0/default.jpg");
        assertThat(r.width()).isEqualTo(640);
        assertThat(r.height()).isEqualTo(480);
        assertThat(r.cropAfterFetch()).isNull();
    }

    @Test
    void neverEnlargesUnlessAskedAndThenOnlyWithTheV3Caret() {
        ImageInfo gottingen = info("i3-iiif-reference-gottingen-level1.json");
        assertThat(ImageRequests.fit(gottingen, null, 10_000, 10_000, false, "jpg").url())
                .isEqualTo(gottingen.id() + "/full/max/0/default.jpg");
        ImageRequest up = ImageRequests.fit(gottingen, null, 8064, 8064, true, "jpg");
        assertThat(up.url()).isEqualTo(gottingen.id() + "/full/^8064,/0/default.jpg");
        assertThat(up.height()).isEqualTo(6048);

        ImageInfo v2 = info("i2-nls-level1-native-quality.json");
        assertThat(ImageRequests.fit(v2, null, 100_000, 100_000, false, "jpg").url())
                .isEqualTo(v2.id() + "/full/full/0/default.jpg");
        assertThat(ImageRequests.fit(v2, null, 100_000, 100_000, false, "jpg").url()).doesNotContain("^");
    }

    @Test
    void v1UsesNativeQualityAndFull() {
        ImageInfo gallica = info("i1.1-gallica-level2.json");
        assertThat(ImageRequests.fit(gallica, null, 790, 1106, false, "jpg").url())
                .isEqualTo(gallica.id() + "/full/790,/0/native.jpg");
        assertThat(ImageRequests.fullResolution(gallica, null, "jpg").url())
                .isEqualTo(gallica.id() + "/full/full/0/native.jpg");
    }

    @Test
    void maxWidthAndHeightCapAFullResolutionRequest() {
        ImageInfo berlin = info("i2-spk-berlin-port-443-physdim-maxwidth.json"); // 11458 × 17014, max 10000
        ImageRequest r = ImageRequests.fullResolution(berlin, null, "jpg");
        assertThat(r.height()).isLessThanOrEqualTo(10_000);
        assertThat(r.width()).isLessThanOrEqualTo(10_000).isGreaterThan(6700);
        assertThat(r.url()).isEqualTo(berlin.id() + "/full/" + r.width() + ",/0/default.jpg");
    }

    @Test
    void maxAreaCapsTheRequestedPixels() {
        ImageInfo dighimapper = info("i2-dighimapper-level2-maxarea-id-mismatch.json"); // maxArea 262144
        ImageRequest r = ImageRequests.fullResolution(dighimapper, null, "jpg");
        assertThat((long) r.width() * r.height()).isLessThanOrEqualTo(262_144L);
        assertThat(r.url()).startsWith(dighimapper.id() + "/full/");
    }

    @Test
    void regionsAreAskedOfTheServerFromLevelOne() {
        ImageInfo gottingen = info("i3-iiif-reference-gottingen-level1.json");
        ImageRequest r = ImageRequests.fit(gottingen, new Region(100, 100, 1000, 500), 640, 640, false, "jpg");
        assertThat(r.url()).isEqualTo(gottingen.id() + "/100,100,1000,500/640,/0/default.jpg");
        assertThat(r.height()).isEqualTo(320);
        assertThat(ImageRequests.fullResolution(gottingen, new Region(4000, 3000, 500, 500), "png").url())
                .as("a region past the edge is cut to the image")
                .isEqualTo(gottingen.id() + "/4000,3000,32,24/max/0/default.png");
        assertThatThrownBy(() -> ImageRequests.fullResolution(gottingen, new Region(5000, 0, 10, 10), "jpg"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void levelZeroGetsOnlyItsListedSizesAndTheCallerCrops() {
        ImageInfo wellcome = info("i2-wellcome-dlcs-thumbs-level0-sizes.json"); // 648×1024; 253×400 …
        ImageRequest small = ImageRequests.fit(wellcome, null, 224, 224, false, "jpg");
        assertThat(small.url()).isEqualTo(wellcome.id() + "/full/253,/0/default.jpg");
        assertThat(small.width()).isEqualTo(253);

        ImageRequest crop = ImageRequests.fullResolution(wellcome, new Region(0, 512, 324, 512), "jpg");
        assertThat(crop.url()).isEqualTo(wellcome.id() + "/full/full/0/default.jpg");
        assertThat(crop.cropAfterFetch()).isEqualTo(new Region(0, 512, 324, 512));

        ImageInfo v3 = info("i3-openseadragon-level0-sizes-only.json");
        String url = ImageRequests.fit(v3, null, 500, 500, false, "jpg").url();
        assertThat(url).as("listed sizes are w,h in version 3").matches(".*/full/\\d+,\\d+/0/default\\.jpg");

        ImageInfo tilesOnly = info("i2-rotterdam-level0-tiles.json");
        assertThat(ImageRequests.fit(tilesOnly, null, 640, 640, false, "jpg").url())
                .isEqualTo(tilesOnly.id() + "/full/full/0/default.jpg");
    }

    @Test
    void idsEndingInAQueryStringOrSlashAreKeptAsWritten() {
        ImageInfo toolforge = info("i2-toolforge-iipsrv-query-id-profile-without-json.json");
        assertThat(ImageRequests.fit(toolforge, null, 640, 640, false, "jpg").url())
                .startsWith("http://zoomviewer.toolforge.org/iipsrv.fcgi/?iiif=cache/e8f0e820e00680e69939a97ffccf64e8.tif/full/");
        ImageService slash = new ImageService("https://static.sfomuseum.org/media/176/270/383/1/tiles/", "ImageService2",
                ImageApiVersion.V2, 0, "https://iiif.io/api/image/2/level0.json");
        assertThat(ImageRequests.infoUrl(slash)).isEqualTo("https://static.sfomuseum.org/media/176/270/383/1/tiles/info.json");
        ImageService encoded = new ImageService("https://stacks.stanford.edu/image/iiif/bb853kn3021%252Fbb853kn3021_00_0001",
                null, ImageApiVersion.V1_1, 1, null);
        assertThat(ImageRequests.url(encoded, "full", "full", 0, "native", "jpg"))
                .isEqualTo("https://stacks.stanford.edu/image/iiif/bb853kn3021%252Fbb853kn3021_00_0001/full/full/0/native.jpg");
    }
}
