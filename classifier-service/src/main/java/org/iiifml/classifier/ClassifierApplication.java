package org.iiifml.classifier;

import org.iiifml.classifier.models.ImportModelCommand;
import org.iiifml.canvasjobs.fetcher.FetcherClientConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import(FetcherClientConfiguration.class)
public class ClassifierApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("import-model")) {
            System.exit(ImportModelCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(ClassifierApplication.class, args);
    }
}
