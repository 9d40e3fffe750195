package org.iiifml.support.outbound;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** How the client waits between attempts: a timer, never a parked thread. Tests record the waits instead. */
@FunctionalInterface
public interface Delays {

    Delays TIMER = d -> Mono.delay(d).then();

    Mono<Void> sleep(Duration duration);
}
