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
        // libtorch (430 MB) is extracted on first use under DJL's cache, by default in the home directory; where
        // that is not writable (a container's read-only root filesystem), under the JVM's temporary directory.
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null
                && !java.nio.file.Files.isWritable(java.nio.file.Path.of(System.getProperty("user.home")))) {
            System.setProperty("DJL_CACHE_DIR", java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "djl").toString());
        }
        SpringApplication.run(TrainerApplication.class, args);
    }
}
