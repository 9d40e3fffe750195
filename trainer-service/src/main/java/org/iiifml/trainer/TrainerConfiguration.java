package org.iiifml.trainer;

import java.nio.file.Path;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.jobs.store.JobStore;
import org.iiifml.support.about.AboutService;
import org.iiifml.trainer.config.TrainerProperties;
import org.iiifml.trainer.dataset.DatasetImages;
import org.iiifml.trainer.jobs.ColorizationJob;
import org.iiifml.trainer.jobs.TrainingJobWorker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TrainerConfiguration {

    private static Path home(String configured, String fallback) {
        return configured.isBlank() ? Path.of(System.getProperty("user.home"), ".iiif-ml-suite", fallback) : Path.of(configured);
    }

    @Bean
    DatasetImages datasetImages(TrainerProperties trainer) {
        return new DatasetImages(home(trainer.workDirectory(), "trainer").resolve("images"));
    }

    @Bean
    ColorizationJob colorizationJob(ObjectProvider<JobStore> store, TrainerProperties trainer, DatasetImages images, AboutService about) {
        return new ColorizationJob(store, trainer, images, new ModelStore(home(trainer.modelDirectory(), "models")),
                home(trainer.workDirectory(), "trainer").resolve("trainings"),
                about.software().get("name") + " " + about.software().get("version"));
    }

    /** The canvas-jobs seam: this bean switches the trainer's jobs on. */
    @Bean
    TrainingJobWorker trainingJobWorker(TrainerProperties trainer, DatasetImages images, ColorizationJob training) {
        return new TrainingJobWorker(trainer, images, training);
    }
}
