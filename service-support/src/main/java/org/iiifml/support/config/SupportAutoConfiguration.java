package org.iiifml.support.config;

import java.time.Clock;
import org.iiifml.support.about.AboutController;
import org.iiifml.support.identity.IdentityFilter;
import org.iiifml.support.identity.IdentityProperties;
import org.slf4j.LoggerFactory;
import org.iiifml.support.about.AboutService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.iiifml.support.about.DependencyProbe;
import org.iiifml.support.memory.MemoryProperties;
import org.iiifml.support.problem.ProblemWebExceptionHandler;
import org.iiifml.support.server.RequestHeadGuard;
import org.iiifml.support.server.ServerLimitsProperties;
import org.iiifml.support.publicurl.PublicUrlProperties;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.iiifml.support.about.ServiceProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** What every service of the suite gets by depending on service-support. */
@AutoConfiguration
@EnableConfigurationProperties({ServiceProperties.class, PublicUrlProperties.class, MemoryProperties.class, ServerLimitsProperties.class,
        IdentityProperties.class})
public class SupportAutoConfiguration {

    /** Ahead of Boot's DefaultErrorWebExceptionHandler (order -1), so no error escapes as Boot's JSON. */
    @Bean
    @Order(-2)
    ProblemWebExceptionHandler problemWebExceptionHandler() {
        return new ProblemWebExceptionHandler();
    }

    @Bean
    AboutService aboutService(@Value("${spring.application.name:unnamed-service}") String service, ServiceProperties properties,
            ObjectProvider<BuildProperties> build, ObjectProvider<DependencyProbe> probes) {
        return new AboutService(service, properties, build, probes.orderedStream().toList());
    }

    /** Only in a service that names its prefix: the gateway, which has none, answers no about of its own. */
    @Bean
    @ConditionalOnExpression("!'${suite.service.api-prefix:}'.isEmpty()")
    AboutController aboutController(AboutService about) {
        return new AboutController(about);
    }

    /**
     * Only in a service (which names its prefix): the gateway is where identities are made, not checked.
     * Without suite.identity.secret the service trusts every caller, which is said loudly once.
     */
    @Bean
    @ConditionalOnExpression("!'${suite.service.api-prefix:}'.isEmpty()")
    IdentityFilter identityFilter(IdentityProperties identity, @Value("${spring.application.name:unnamed-service}") String service,
            @Value("${server.port:8080}") int serverPort, @Value("${management.server.port:-1}") int managementPort) {
        boolean separate = managementPort > 0 && managementPort != serverPort;
        if (!identity.enabled()) {
            LoggerFactory.getLogger(IdentityFilter.class).warn("{} trusts every caller as one client: suite.identity.secret is not set, "
                    + "so jobs have no owners and a request that bypasses the gateway is answered", service);
            return new IdentityFilter(null, Clock.systemUTC(), separate);
        }
        return new IdentityFilter(identity.signer(), Clock.systemUTC(), separate);
    }

    /** The gateway has its own, on the proxies in front of it (suite.gateway.trusted-proxies). */
    @Bean
    @ConditionalOnMissingBean
    PublicUrls publicUrls(PublicUrlProperties properties) {
        return new PublicUrls(properties);
    }

    /** The request-head guard on every connection of the service's Netty server (see {@link RequestHeadGuard}). */
    @Bean
    @ConditionalOnClass(name = "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory")
    WebServerFactoryCustomizer<org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory> requestHeadGuard(ServerLimitsProperties limits) {
        return factory -> factory.addServerCustomizers(server -> server.doOnChannelInit(
                (observer, channel, remote) -> RequestHeadGuard.install(channel, limits.headerTimeout())));
    }
}
