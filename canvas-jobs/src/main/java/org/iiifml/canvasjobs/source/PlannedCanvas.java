package org.iiifml.canvasjobs.source;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What processing a canvas needs, read from the manifest once when the job is planned and kept with the
 * item: the item then fetches pixels only, and no manifest is read again.
 *
 * @param manifest the manifest's URL
 * @param canvasId the canvas id as the manifest writes it
 * @param label the canvas's label (first value), or null
 * @param page the canvas's position in the manifest, from 1
 * @param width the canvas's width as written (null or 0: unusable; the image's size stands in)
 * @param height the canvas's height as written
 * @param image the image the canvas paints first, or null when it paints none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlannedCanvas(String manifest, String canvasId, String label, int page, Integer width, Integer height,
        PlannedImage image) {

    /**
     * The image a canvas paints: its Image API service when it has one, else its own URL.
     *
     * @param url the image resource's id
     * @param serviceId the service's id, byte for byte, or null without a service
     * @param serviceType e.g. ImageService3, or null
     * @param version the Image API version (the iiif library's {@code ImageApiVersion} name), or null
     * @param level the compliance level from the profile, or null when unknown (count it as 0)
     * @param profile the profile as written, or null
     * @param region the part of the image a SpecificResource selects ({@code x,y,w,h}), or null for all of it
     * @param width the image's width as the manifest writes it, or null
     * @param height the image's height, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlannedImage(String url, String serviceId, String serviceType, String version, Integer level, String profile,
            String region, Integer width, Integer height) {
    }
}
