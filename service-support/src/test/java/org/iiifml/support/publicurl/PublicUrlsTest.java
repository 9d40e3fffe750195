package org.iiifml.support.publicurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Which public URL a service mints ids under, from which request. */
class PublicUrlsTest {

    private static final PublicUrls LOOPBACK_GATEWAY = new PublicUrls(new PublicUrlProperties(null, List.of("127.0.0.0/8", "::1/128")));

    private static MockServerHttpRequest.BaseBuilder<?> request(String from) {
        return MockServerHttpRequest.get("http://127.0.0.1:8083/api/extractor/jobs/1/manifest?x=1")
                .remoteAddress(new InetSocketAddress(from, 40000));
    }

    @Test
    void theGatewaysForwardedHeadersGiveThePublicUrl() {
        MockServerHttpRequest viaGateway = request("127.0.0.1").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "iiif.example.org").header("X-Forwarded-Port", "443")
                .header("X-Forwarded-Prefix", "/ml/").build();
        assertThat(LOOPBACK_GATEWAY.self(viaGateway)).isEqualTo("https://iiif.example.org/ml/api/extractor/jobs/1/manifest");

        MockServerHttpRequest otherPort = request("::1").header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-Host", "localhost").header("X-Forwarded-Port", "18080").build();
        assertThat(LOOPBACK_GATEWAY.base(otherPort)).isEqualTo("http://localhost:18080");

        MockServerHttpRequest chained = request("127.0.0.1").header("X-Forwarded-Host", "public.example:8443, gateway:8080")
                .header("X-Forwarded-Proto", "https, http").build();
        assertThat(LOOPBACK_GATEWAY.base(chained)).as("the first hop of a chain").isEqualTo("https://public.example:8443");
    }

    @Test
    void theClientAddressIsTheFirstHopNoTrustedProxyWrote() {
        assertThat(LOOPBACK_GATEWAY.clientAddress(request("192.0.2.7").header("X-Forwarded-For", "198.51.100.1").build()))
                .as("from an untrusted peer the header is the caller's own claim").isEqualTo("192.0.2.7");
        assertThat(LOOPBACK_GATEWAY.clientAddress(request("127.0.0.1").header("X-Forwarded-For", "198.51.100.1").build()))
                .isEqualTo("198.51.100.1");
        assertThat(LOOPBACK_GATEWAY.clientAddress(request("127.0.0.1")
                .header("X-Forwarded-For", "10.9.9.9, 203.0.113.5, 127.0.0.2").build()))
                .as("a client that prepends its own value does not choose its key").isEqualTo("203.0.113.5");
        assertThat(LOOPBACK_GATEWAY.clientAddress(request("127.0.0.1").header("X-Forwarded-For", "localhost").build()))
                .as("a name is never looked up").isEqualTo("127.0.0.1");
        assertThat(LOOPBACK_GATEWAY.clientAddress(request("127.0.0.1").build())).isEqualTo("127.0.0.1");
    }

    @Test
    void forwardedHeadersFromAnyoneElseAreIgnored() {
        MockServerHttpRequest direct = request("192.0.2.7").header("X-Forwarded-Host", "attacker.example").build();
        assertThat(LOOPBACK_GATEWAY.self(direct)).isEqualTo("http://127.0.0.1:8083/api/extractor/jobs/1/manifest");
    }

    @Test
    void forwardedValuesThatAreNotPlainAreIgnoredWhole() {
        for (String[] bad : new String[][] {{"X-Forwarded-Host", "evil.example/path"}, {"X-Forwarded-Host", "a b"},
                {"X-Forwarded-Proto", "javascript"}, {"X-Forwarded-Port", "80x"}, {"X-Forwarded-Prefix", "no-slash"},
                {"X-Forwarded-Prefix", "/a\"onload"}}) {
            MockServerHttpRequest.BaseBuilder<?> builder = request("127.0.0.1").header(bad[0], bad[1]);
            MockServerHttpRequest req = bad[0].equals("X-Forwarded-Host") ? builder.build()
                    : builder.header("X-Forwarded-Host", "iiif.example.org").build();
            assertThat(LOOPBACK_GATEWAY.base(req)).as("%s: %s", bad[0], bad[1]).isEqualTo("http://127.0.0.1:8083");
        }
    }

    @Test
    void theConfiguredPublicBaseUrlWins() {
        PublicUrls configured = new PublicUrls(new PublicUrlProperties(URI.create("https://collections.example.org/iiif-ml/"), List.of("127.0.0.0/8")));
        MockServerHttpRequest viaGateway = request("127.0.0.1").header("X-Forwarded-Host", "localhost:8080").build();
        assertThat(configured.self(viaGateway)).isEqualTo("https://collections.example.org/iiif-ml/api/extractor/jobs/1/manifest");
    }

    @Test
    void badConfigurationIsRefusedAtStartup() {
        assertThatThrownBy(() -> new PublicUrls(new PublicUrlProperties(null, List.of("10.0.0.0/33"))))
                .hasMessageContaining("suite.trusted-proxies");
        assertThatThrownBy(() -> new PublicUrls(new PublicUrlProperties(null, List.of("gateway.internal"))))
                .hasMessageContaining("suite.trusted-proxies");
        assertThatThrownBy(() -> new PublicUrlProperties(URI.create("ftp://x.example/"), List.of()))
                .hasMessageContaining("suite.public-base-url");
    }

    @Test
    void addressBlocksMatchByPrefixAndIpv4MappedForms() {
        PublicUrls.Cidr pods = PublicUrls.Cidr.parse("10.42.0.0/16");
        assertThat(pods.contains(address("10.42.7.9"))).isTrue();
        assertThat(pods.contains(address("10.43.0.1"))).isFalse();
        assertThat(pods.contains(address("::ffff:10.42.0.1"))).isTrue();
        assertThat(PublicUrls.Cidr.parse("10.42.0.0/12").contains(address("10.47.255.255"))).isTrue();
        assertThat(PublicUrls.Cidr.parse("::1/128").contains(address("127.0.0.1"))).isFalse();
    }

    private static java.net.InetAddress address(String literal) {
        return new InetSocketAddress(literal, 0).getAddress();
    }
}
