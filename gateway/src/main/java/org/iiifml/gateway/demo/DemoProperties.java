package org.iiifml.gateway.demo;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A small IIIF source the gateway can serve, so the suite can be tried without internet.
 *
 * @param enabled serve it under /demo/iiif (default false; run-local.sh turns it on)
 * @param baseUrl the public URL of /demo/iiif, which the documents' ids use (default
 *     http://localhost:8080/demo/iiif)
 */
@ConfigurationProperties("suite.demo")
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://localhost:8080/demo/iiif") URI baseUrl) {
}
