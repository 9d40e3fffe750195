package org.iiifml.support.about;

import reactor.core.publisher.Mono;

/** Asks one service this one depends on whether it answers. Implementations never fail the Mono. */
public interface DependencyProbe {

    Mono<DependencyStatus> probe();
}
