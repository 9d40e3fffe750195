package org.iiifml.canvasjobs.fetcher;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.iiifml.client.fetcher.api.AboutApi;
import org.iiifml.support.about.DependencyProbe;
import org.iiifml.support.about.DependencyStatus;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/** Reports whether the iiif-fetcher answers, through its generated client. */
public class FetcherProbe implements DependencyProbe {

    static final String NAME = "iiif-fetcher";

    private final AboutApi fetcher;
    private final Duration timeout;

    public FetcherProbe(AboutApi fetcher, Duration timeout) {
        this.fetcher = fetcher;
        this.timeout = timeout;
    }

    @Override
    public Mono<DependencyStatus> probe() {
        return fetcher.getAbout()
                .timeout(timeout)
                .map(about -> DependencyStatus.up(NAME, about.getVersion()))
                .onErrorResume(error -> Mono.just(DependencyStatus.down(NAME, reason(error))));
    }

    private String reason(Throwable error) {
        if (error instanceof TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (error instanceof WebClientResponseException response) {
            return "answered HTTP " + response.getStatusCode().value();
        }
        return "not reachable (" + error.getClass().getSimpleName() + ")";
    }
}
