package org.iiifml.support.publicurl;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The public address of the suite, which every id and link a service mints starts with.
 *
 * @param publicBaseUrl the suite's public base URL, for example {@code https://iiif.example.org/ml}
 *     (default none). Where set it wins over everything a request says.
 * @param trustedProxies the addresses, as CIDR blocks, whose {@code X-Forwarded-Proto/Host/Port/Prefix}
 *     a service believes: the gateway's (default {@code 127.0.0.0/8} and {@code ::1/128}, the local run).
 *     A request from anywhere else is answered with its own Host, whatever it says it was forwarded for.
 */
@ConfigurationProperties("suite")
public record PublicUrlProperties(
        URI publicBaseUrl,
        @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> trustedProxies) {

    public PublicUrlProperties {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        if (publicBaseUrl != null) {
            String scheme = publicBaseUrl.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || publicBaseUrl.getHost() == null
                    || publicBaseUrl.getRawQuery() != null || publicBaseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("suite.public-base-url is an http or https URL without query or fragment, not "
                        + publicBaseUrl);
            }
        }
    }
}
