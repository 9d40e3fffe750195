package org.iiifml.extractor.detect;

import java.awt.image.BufferedImage;
import java.util.List;
import org.iiifml.inference.detection.Detection;

/** Finds regions in an image; boxes in that image's pixels, best first. */
public interface Detector extends AutoCloseable {

    /**
     * @param confidence lowest score kept
     * @param iouThreshold for detectors that suppress overlaps: the IoU above which a worse box of the same class goes
     */
    List<Detection> detect(BufferedImage image, float confidence, float iouThreshold);

    /** The box a page should be fetched to fit in: the size the detector works at, never more. */
    int fetchBox();

    /** "cpu" or "cuda". */
    String executionProvider();

    @Override
    void close();
}
