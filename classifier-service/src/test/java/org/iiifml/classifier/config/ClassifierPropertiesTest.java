package org.iiifml.classifier.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ClassifierPropertiesTest {

    private static ClassifierProperties with(double minScore, int maxLabels) {
        return new ClassifierProperties("", "page-type", 5, 100, DataSize.ofMegabytes(32), false, DataSize.ofMegabytes(512),
                minScore, maxLabels);
    }

    @Test
    void annotationThresholdsOutsideTheirRangeAreRefusedAtStartup() {
        with(0, 1);
        with(1, 100);
        assertThatThrownBy(() -> with(1.5, 1)).hasMessageContaining("suite.classifier.annotation-min-score");
        assertThatThrownBy(() -> with(Double.NaN, 1)).hasMessageContaining("suite.classifier.annotation-min-score");
        assertThatThrownBy(() -> with(0.25, 0)).hasMessageContaining("suite.classifier.annotation-max-labels");
    }
}
