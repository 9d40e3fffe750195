package org.iiifml.classifier.jobs;

import java.util.List;
import org.iiifml.classifier.classify.Classifier;

/**
 * One canvas's classification as a job keeps it (ClassificationItemResult in openapi/classifier.yaml).
 *
 * @param predictions the best labels, best first
 * @param iiifRequest the Image API request the fetcher made
 * @param width the served image's width
 * @param height the served image's height
 */
public record ClassificationResult(List<Classifier.Prediction> predictions, String iiifRequest, Integer width, Integer height) {

    public ClassificationResult {
        predictions = List.copyOf(predictions);
    }
}
