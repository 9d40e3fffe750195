package org.iiifml.demo;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo IIIF source, so the suite can be tried without internet.
 *
 * @param baseUrl the public URL of /demo/iiif, which the documents' ids use: the gateway's, which routes
 *     there (default http://localhost:8080/demo/iiif)
 */
@ConfigurationProperties("suite.demo")
public record DemoProperties(
        @DefaultValue("http://localhost:8080/demo/iiif") URI baseUrl) {
}
