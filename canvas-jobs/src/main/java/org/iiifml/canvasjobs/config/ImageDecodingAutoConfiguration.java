package org.iiifml.canvasjobs.config;

import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.support.memory.MemoryBudget;
import org.iiifml.support.memory.MemoryProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The image decoder of a model service, whether or not it runs canvas jobs. */
@AutoConfiguration
@EnableConfigurationProperties(InferenceProperties.class)
public class ImageDecodingAutoConfiguration {

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
}
