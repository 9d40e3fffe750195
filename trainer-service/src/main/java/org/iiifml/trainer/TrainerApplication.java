package org.iiifml.trainer;

import org.iiifml.canvasjobs.fetcher.FetcherClientConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import(FetcherClientConfiguration.class)
public class TrainerApplication {

    public static void main(String[] args) {
        // DJL is never to reach the network (no native download, no call home), however the jar is started.
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        SpringApplication.run(TrainerApplication.class, args);
    }
}
