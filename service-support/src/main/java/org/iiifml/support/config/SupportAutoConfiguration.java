package org.iiifml.support.config;

import java.util.List;
import org.iiifml.support.about.AboutService;
import org.iiifml.support.about.DependencyProbe;
import org.iiifml.support.problem.ProblemWebExceptionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/** What every service of the suite gets by depending on service-support. */
@AutoConfiguration
public class SupportAutoConfiguration {

    /** Ahead of Boot's DefaultErrorWebExceptionHandler (order -1), so no error escapes as Boot's JSON. */
    @Bean
    @Order(-2)
    ProblemWebExceptionHandler problemWebExceptionHandler() {
        return new ProblemWebExceptionHandler();
    }

    @Bean
    AboutService aboutService(Environment environment, ObjectProvider<BuildProperties> build,
            ObjectProvider<DependencyProbe> probes) {
        List<DependencyProbe> ordered = probes.orderedStream().toList();
        return new AboutService(environment, build, ordered);
    }
}
