package org.iiifml.colorizer;

import io.micrometer.core.instrument.MeterRegistry;
import org.iiifml.colorizer.colorize.ColorizeService;
import org.iiifml.colorizer.config.ColorizerProperties;
import org.iiifml.colorizer.models.ColorizationModels;
import org.iiifml.colorizer.models.LoadedColorizer;
import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.runtime.Admission;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InferenceProperties.class)
class ColorizerConfiguration {

    @Bean(destroyMethod = "close")
    ModelRegistry<LoadedColorizer> colorizerRegistry(ColorizerProperties colorizer, InferenceProperties inference) {
        return ColorizationModels.registry(colorizer, inference);
    }

    /** The decoder is canvas-jobs' one, so that uploads (and, with jobs, their items) share its decode budget. */
    @Bean
    ColorizeService colorizeService(ModelRegistry<LoadedColorizer> registry, ImageDecoder decoder, ColorizerProperties colorizer,
            MeterRegistry meters) {
        return new ColorizeService(registry, decoder, colorizer,
                new Admission("colorizer", colorizer.concurrentColorizations(), colorizer.queueCapacity(), meters));
    }
}
