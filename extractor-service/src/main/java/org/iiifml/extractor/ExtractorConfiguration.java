package org.iiifml.extractor;

import org.iiifml.extractor.config.ExtractorProperties;

import io.micrometer.core.instrument.MeterRegistry;
import org.iiifml.extractor.detect.DetectionService;
import org.iiifml.extractor.detect.Detector;
import org.iiifml.extractor.detect.Detectors;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.image.ImageDecoder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InferenceProperties.class)
class ExtractorConfiguration {

    @Bean(destroyMethod = "close")
    ModelRegistry<Detector> detectorRegistry(ExtractorProperties extractor, InferenceProperties inference) {
        return Detectors.registry(extractor, inference);
    }

    @Bean
    DetectionService detectionService(ModelRegistry<Detector> registry, ImageDecoder decoder, ExtractorProperties extractor,
            InferenceProperties inference, MeterRegistry meters) {
        // The decoder is canvas-jobs' one, so uploads and job items share its decode budget.
        return new DetectionService(registry, decoder, extractor, inference.queueCapacity(), meters);
    }
}
