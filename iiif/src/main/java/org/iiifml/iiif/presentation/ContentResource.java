package org.iiifml.iiif.presentation;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.iiifml.iiif.image.ImageService;

/**
 * A content resource painted on a canvas or used as a thumbnail: usually an Image, sometimes Sound, Video
 * or Text. For a SpecificResource the library keeps the source and its {@link #region} (an Image API
 * region such as {@code 1768,2423,1768,2080}); the region is null when the whole image is meant.
 */
public record ContentResource(String id, String type, String format, Integer width, Integer height,
        Double duration, LanguageMap label, List<ImageService> services, String region) {

    public ContentResource {
        label = label == null ? LanguageMap.EMPTY : label;
        services = List.copyOf(services);
    }

    public boolean isImage() {
        return "Image".equals(type);
    }

    /** The image service to use: the highest Image API version offered, document order among equals. */
    public Optional<ImageService> preferredService() {
        return services.stream().max(Comparator.comparing(ImageService::version));
    }
}
