package org.iiifml.support.about;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Builds a service's {@link ServiceAbout}: its name and version, and the answer of each dependency probe. */
public class AboutService {

    private final String service;
    private final String version;
    private final String description;
    private final List<DependencyProbe> probes;

    public AboutService(String service, ServiceProperties properties, ObjectProvider<BuildProperties> build,
            List<DependencyProbe> probes) {
        this.service = service;
        this.description = properties.description();
        BuildProperties buildInfo = build.getIfAvailable();
        // Build info is written by the spring-boot-maven-plugin; an IDE run without it still answers.
        this.version = buildInfo != null ? buildInfo.getVersion() : "development";
        this.probes = List.copyOf(probes);
    }

    /** The service's name and version, as job reproducibility records name the software. */
    public java.util.Map<String, String> software() {
        return java.util.Map.of("name", service, "version", version);
    }

    public Mono<ServiceAbout> describe() {
        return Flux.fromIterable(probes)
                .flatMapSequential(DependencyProbe::probe)
                .collectList()
                .map(statuses -> new ServiceAbout(service, version, description, statuses));
    }
}
