package org.iiifml.colorizer;

import org.iiifml.canvasjobs.fetcher.FetcherClientConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import(FetcherClientConfiguration.class)
public class ColorizerApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("import-model")) {
            // A command, not the service: puts a colorization/lab or colorization/rgb model into the model store.
            System.exit(org.iiifml.colorizer.models.ImportModelCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(ColorizerApplication.class, args);
    }
}
