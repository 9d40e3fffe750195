package org.iiifml.fetcher.config;

import java.time.Clock;
import org.iiifml.fetcher.documents.DocumentCache;
import org.iiifml.fetcher.documents.DocumentService;
import org.iiifml.fetcher.documents.DocumentsProperties;
import org.iiifml.fetcher.images.ImageFetchService;
import org.iiifml.fetcher.images.ImagesProperties;
import org.iiifml.support.memory.MemoryProperties;
import org.iiifml.support.outbound.OutboundProperties;
import org.iiifml.support.outbound.SafeHttpClient;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.json.JsonLimits;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboundProperties.class)
class FetcherConfiguration {

    @Bean
    SafeHttpClient safeHttpClient(OutboundProperties outbound) {
        return new SafeHttpClient(outbound);
    }

    @Bean
    IiifJson iiifJson(DocumentsProperties documents) {
        JsonLimits d = JsonLimits.DEFAULTS;
        return new IiifJson(new JsonLimits(documents.maxBytes().toBytes(), documents.maxJsonDepth(), d.maxStringLength(),
                d.maxNumberLength(), d.maxNameLength(), documents.maxJsonTokens()));
    }

    @Bean
    DocumentCache documentCache(SafeHttpClient http, DocumentsProperties documents) {
        return new DocumentCache(http, documents.cacheMaxBytes().toBytes(), documents.cacheFreshFor(), Clock.systemUTC());
    }

    @Bean
    DocumentService documentService(DocumentCache cache, IiifJson json, DocumentsProperties documents, MemoryProperties memory) {
        return new DocumentService(cache, json, documents, memory.documentBudget());
    }

    @Bean
    ImageFetchService imageFetchService(DocumentCache cache, DocumentService manifests, SafeHttpClient http, IiifJson json,
            DocumentsProperties documents, ImagesProperties images, MemoryProperties memory) {
        return new ImageFetchService(cache, manifests, http, json, documents, images, memory.decodeBudget());
    }
}
