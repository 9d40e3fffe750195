package org.iiifml.canvasjobs.config;

import org.iiifml.canvasjobs.annotations.AnnotatedManifestController;
import org.iiifml.canvasjobs.images.CanvasImages;
import org.iiifml.canvasjobs.source.CanvasSource;
import org.iiifml.canvasjobs.worker.CanvasJobWorker;
import org.iiifml.canvasjobs.worker.CanvasJobs;
import org.iiifml.client.fetcher.api.DocumentsApi;
import org.iiifml.client.fetcher.api.ImagesApi;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.jobs.JobsAutoConfiguration;
import org.iiifml.jobs.api.JobsEndpoint;
import org.iiifml.support.about.AboutService;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/**
 * Canvas jobs for a service that declares a {@link CanvasJobWorker} bean (and imports the fetcher's client,
 * {@code FetcherClientConfiguration}): its job worker, which the jobs module then runs and serves, and its
 * annotated-manifest endpoint. Ahead of the jobs auto-configuration, which needs a job worker to exist.
 */
@AutoConfiguration(before = JobsAutoConfiguration.class, after = ImageDecodingAutoConfiguration.class)
@ConditionalOnBean(CanvasJobWorker.class)
public class CanvasJobsAutoConfiguration {

    @Bean
    CanvasSource canvasSource(DocumentsApi documents) {
        return new CanvasSource(documents);
    }

    @Bean
    CanvasImages canvasImages(ImagesApi images, ImageDecoder decoder) {
        return new CanvasImages(images, decoder);
    }

    @Bean
    CanvasJobs<?, ?> canvasJobs(CanvasJobWorker<?, ?> worker, CanvasSource source, CanvasImages images, AboutService about,
            @Value("${spring.application.name:service}") String service) {
        return new CanvasJobs<>(worker, source, images, about, service);
    }

    @Bean
    AnnotatedManifestController annotatedManifestController(JobsEndpoint jobs, CanvasJobs<?, ?> canvasJobs, DocumentsApi documents,
            PublicUrls publicUrls) {
        return new AnnotatedManifestController(jobs, canvasJobs, documents, publicUrls);
    }
}
