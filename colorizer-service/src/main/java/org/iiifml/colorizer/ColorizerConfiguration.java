package org.iiifml.colorizer;

import io.micrometer.core.instrument.MeterRegistry;
import org.iiifml.colorizer.colorize.ColorizeService;
import org.iiifml.colorizer.config.ColorizerProperties;
import org.iiifml.colorizer.models.ColorizationModels;
import org.iiifml.colorizer.models.LoadedColorizer;
import org.iiifml.colorizer.results.ResultStore;
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

    /** The results directory, swept of images past their retention every hour. */
    @Bean(destroyMethod = "")
    ResultStore resultStore(ColorizerProperties colorizer) {
        java.nio.file.Path root = colorizer.resultsDirectory().isBlank()
                ? java.nio.file.Path.of(System.getProperty("user.home"), ".iiif-ml-suite", "colorizer-results")
                : java.nio.file.Path.of(colorizer.resultsDirectory());
        return new ResultStore(root, colorizer.resultsRetention(), java.time.Clock.systemUTC());
    }

    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService resultSweeper(ResultStore store) {
        var sweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "colorizer-results-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(store::sweep, 1, 60, java.util.concurrent.TimeUnit.MINUTES);
        return sweeper;
    }

    /** The decoder is canvas-jobs' one, so that uploads (and, with jobs, their items) share its decode budget. */
    @Bean
    ColorizeService colorizeService(ModelRegistry<LoadedColorizer> registry, ImageDecoder decoder, ColorizerProperties colorizer,
            MeterRegistry meters) {
        return new ColorizeService(registry, decoder, colorizer,
                new Admission("colorizer", colorizer.concurrentColorizations(), colorizer.queueCapacity(), meters));
    }
}
