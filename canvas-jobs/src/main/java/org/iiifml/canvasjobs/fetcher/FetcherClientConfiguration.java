package org.iiifml.canvasjobs.fetcher;

import io.netty.channel.ChannelOption;
import java.time.Clock;
import java.util.Set;
import org.iiifml.support.identity.ClientIdentity;
import org.iiifml.support.identity.IdentityProperties;
import org.iiifml.support.identity.SignedCalls;
import org.springframework.beans.factory.annotation.Value;
import org.iiifml.client.fetcher.ApiClient;
import org.iiifml.client.fetcher.api.AboutApi;
import org.iiifml.client.fetcher.api.DocumentsApi;
import org.iiifml.client.fetcher.api.ImagesApi;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * The typed client to the iiif-fetcher, generated from openapi/iiif-fetcher.yaml. Model services import
 * this configuration; every call they make to the fetcher goes through these beans.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FetcherClientProperties.class)
public class FetcherClientConfiguration {

    @Bean
    ApiClient fetcherApiClient(WebClient.Builder builder, FetcherClientProperties properties, IdentityProperties identity,
            @Value("${spring.application.name:service}") String service) {
        // Idle connections are dropped at 30 s, before the fetcher closes them (server.netty.idle-timeout, 60 s).
        HttpClient http = HttpClient.create(reactor.netty.resources.ConnectionProvider.builder("fetcher")
                        .maxIdleTime(java.time.Duration.ofSeconds(30)).build())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout());
        // Manifests and images are larger than the request bodies the service itself accepts.
        int maxBytes = (int) Math.min(Integer.MAX_VALUE, properties.maxResponseBytes().toBytes());
        WebClient webClient = builder.clone().clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxBytes))
                // The fetcher lets in only what the gateway or a service of the suite signed.
                .filter(SignedCalls.as(new ClientIdentity("service:" + service, Set.of(ClientIdentity.READ, ClientIdentity.RUN)),
                        identity, Clock.systemUTC()))
                .build();
        ApiClient client = new ApiClient(webClient);
        client.setBasePath(properties.baseUrl().toString().replaceAll("/+$", ""));
        return client;
    }

    @Bean
    IiifImageSource iiifImageSource(ImagesApi fetcherImagesApi) {
        return new IiifImageSource(fetcherImagesApi);
    }

    @Bean
    AboutApi fetcherAboutApi(ApiClient fetcherApiClient) {
        return new AboutApi(fetcherApiClient);
    }

    @Bean
    DocumentsApi fetcherDocumentsApi(ApiClient fetcherApiClient) {
        return new DocumentsApi(fetcherApiClient);
    }

    @Bean
    ImagesApi fetcherImagesApi(ApiClient fetcherApiClient) {
        return new ImagesApi(fetcherApiClient);
    }

    @Bean
    FetcherProbe fetcherProbe(AboutApi fetcherAboutApi, FetcherClientProperties properties) {
        return new FetcherProbe(fetcherAboutApi, properties.probeTimeout());
    }
}
