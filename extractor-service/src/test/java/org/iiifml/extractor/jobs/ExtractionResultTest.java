package org.iiifml.extractor.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Results kept before typed results read as the record, and the record writes what the contract says. */
class ExtractionResultTest {

    static final JsonMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Test
    void aRowKeptBeforeTypedResultsReadsWithTheNewFieldsAbsent() {
        String before = """
                {"page": 3, "iiifRequest": "https://example.org/iiif/p3/full/1024,/0/default.jpg",
                 "served": {"width": 1024, "height": 1490}, "canvas": {"width": 2000, "height": 2910},
                 "regions": [{"x": 10, "y": 20, "w": 300, "h": 400, "score": 0.87, "label": "illustration",
                              "iiifRegionUrl": "https://example.org/iiif/p3/20,40,600,800/max/0/default.jpg"}]}""";
        ExtractionResult result = STRICT.readValue(before, ExtractionResult.class);
        assertThat(result.page()).isEqualTo(3);
        assertThat(result.served().width()).isEqualTo(1024);
        assertThat(result.canvas().height()).isEqualTo(2910);
        assertThat(result.imageService()).isNull();
        assertThat(result.regions()).hasSize(1);
        ExtractionResult.Found region = result.regions().get(0);
        assertThat(region.xywh()).isEqualTo("10,20,300,400");
        assertThat(region.score()).isEqualTo(0.87f);
        assertThat(region.imageRegion()).as("absent: its crop is fetched by canvas").isNull();
    }

    @Test
    void theRecordWritesTheContractsFieldsOnly() {
        ExtractionResult result = new ExtractionResult(1, "r", new ExtractionResult.Size(1, 2), new ExtractionResult.Size(3, 4),
                "https://example.org/iiif/p1", null,
                java.util.List.of(new ExtractionResult.Found(1, 2, 3, 4, 0.5f, "illustration", "2,4,6,8", "u")));
        String json = STRICT.writeValueAsString(result);
        assertThat(json).doesNotContain("xywh").doesNotContain("imageUrl");
        assertThat(STRICT.readValue(json, ExtractionResult.class)).isEqualTo(result);
    }
}
