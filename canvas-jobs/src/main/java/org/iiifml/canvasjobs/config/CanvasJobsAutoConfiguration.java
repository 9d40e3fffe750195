package org.iiifml.canvasjobs.config;

import org.iiifml.canvasjobs.annotations.AnnotatedManifestController;
import org.iiifml.canvasjobs.images.CanvasImages;
import org.iiifml.canvasjobs.source.CanvasSource;
import org.iiifml.canvasjobs.worker.CanvasJobWorker;
import org.iiifml.canvasjobs.worker.CanvasJobs;
import org.iiifml.client.fetcher.api.DocumentsApi;
import org.iiifml.client.fetcher.api.ImagesApi;
import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.jobs.JobsAutoConfiguration;
import org.iiifml.jobs.api.JobsEndpoint;
import org.iiifml.support.about.AboutService;
import org.iiifml.support.memory.MemoryBudget;
import org.iiifml.support.memory.MemoryProperties;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Canvas jobs for a service that declares a {@link CanvasJobWorker} bean (and imports the fetcher's client,
 * {@code FetcherClientConfiguration}): its job worker, which the jobs module then runs and serves, and its
 * annotated-manifest endpoint. Ahead of the jobs auto-configuration, which needs a job worker to exist.
 */
@AutoConfiguration(before = JobsAutoConfiguration.class)
@ConditionalOnBean(CanvasJobWorker.class)
@EnableConfigurationProperties(InferenceProperties.class)
public class CanvasJobsAutoConfiguration {

    /**
     * The service's one decoder: uploads and job items share its decode budget, so that the decodes running
     * at once, whatever asked for them, stay within {@code suite.memory.decode-budget-fraction} of the heap.
     */
    @Bean
    @ConditionalOnMissingBean
    ImageDecoder imageDecoder(InferenceProperties inference, MemoryProperties memory) {
        MemoryBudget budget = memory.decodeBudget();
        // One decode may take the whole budget, never more: it could never be admitted.
        long perDecode = Math.min(inference.maxRasterBytes().toBytes(), budget.capacity());
        return new ImageDecoder(inference.maxPixels(), perDecode, bytes -> budget.reserve(bytes)::close);
    }

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
