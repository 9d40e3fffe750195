package org.iiifml.classifier;

import org.iiifml.classifier.config.ClassifierProperties;

import io.micrometer.core.instrument.MeterRegistry;
import org.iiifml.classifier.classify.Classifier;
import org.iiifml.classifier.models.ModelImporter;
import org.iiifml.classifier.models.ModelRegistry;
import org.iiifml.support.outbound.SafeHttpClient;
import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.image.ImageDecoder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InferenceProperties.class)
class ClassifierConfiguration {

    @Bean
    ModelRegistry modelRegistry(ClassifierProperties classifier, InferenceProperties inference, MeterRegistry meters) {
        return new ModelRegistry(classifier, inference, meters);
    }

    @Bean
    ModelImporter modelImporter(ModelRegistry registry, SafeHttpClient http, ClassifierProperties properties) {
        return new ModelImporter(registry.store(), http, properties.maxModelBytes().toBytes());
    }

    @Bean
    ImageDecoder imageDecoder(InferenceProperties inference) {
        return new ImageDecoder(inference.maxPixels());
    }

    @Bean
    Classifier classifier(ModelRegistry models, ImageDecoder decoder, ClassifierProperties properties) {
        return new Classifier(models, decoder, properties);
    }
}
