package org.iiifml.classifier;

import org.iiifml.classifier.config.ClassifierProperties;

import io.micrometer.core.instrument.MeterRegistry;
import org.iiifml.classifier.classify.Classifier;
import org.iiifml.classifier.models.ModelImporter;
import org.iiifml.classifier.models.ClassificationModels;
import org.iiifml.classifier.models.LoadedModel;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.runtime.Admission;
import org.iiifml.support.outbound.SafeHttpClient;
import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.image.ImageDecoder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InferenceProperties.class)
class ClassifierConfiguration {

    @Bean(destroyMethod = "close")
    ModelRegistry<LoadedModel> modelRegistry(ClassifierProperties classifier, InferenceProperties inference, MeterRegistry meters) {
        return ClassificationModels.registry(classifier, inference, meters);
    }

    @Bean
    ModelImporter modelImporter(ModelRegistry<LoadedModel> registry, SafeHttpClient http, ClassifierProperties properties) {
        return new ModelImporter(registry.store(), http, properties.maxModelBytes().toBytes());
    }

    @Bean
    Classifier classifier(ModelRegistry<LoadedModel> models, ImageDecoder decoder, ClassifierProperties properties,
            InferenceProperties inference, MeterRegistry meters) {
        // As many images at work as the batchers queue: uploads past it are refused, job items wait.
        return new Classifier(models, decoder, properties, new Admission("classifier", inference.queueCapacity(), 0, meters));
    }
}
