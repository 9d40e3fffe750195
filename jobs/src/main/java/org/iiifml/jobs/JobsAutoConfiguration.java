package org.iiifml.jobs;

import org.iiifml.jobs.config.JobsProperties;
import java.time.Clock;
import org.iiifml.jobs.api.JobsController;
import org.iiifml.jobs.api.JobsEndpoint;
import org.iiifml.jobs.database.JobsDatabase;
import org.iiifml.jobs.engine.JobRunner;
import org.iiifml.jobs.engine.JobWorker;
import org.iiifml.jobs.store.JobStore;
import org.iiifml.jobs.webhook.WebhookDispatcher;
import org.iiifml.jobs.webhook.WebhookSigner;
import org.iiifml.support.outbound.OutboundProperties;
import org.iiifml.support.outbound.SafeHttpClient;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs for a service that declares a {@link JobWorker} bean: its database (embedded when none is
 * configured), the store, this instance's runner, webhook delivery and the endpoint its generated
 * interface delegates to.
 */
@AutoConfiguration
@ConditionalOnBean(JobWorker.class)
@EnableConfigurationProperties({JobsProperties.class, OutboundProperties.class})
public class JobsAutoConfiguration {

    /** JSON as stored in the job tables: independent of how the web layer is configured. */
    private static final JsonMapper STORAGE_JSON = JsonMapper.builder().build();

    @Bean(destroyMethod = "close")
    JobsDatabase jobsDatabase(JobsProperties properties, Environment environment) {
        return JobsDatabase.open(properties.database(), environment.getProperty("spring.application.name", "service"));
    }

    @Bean
    JobStore jobStore(JobsDatabase database) {
        return new JobStore(database.dataSource(), STORAGE_JSON);
    }

    @Bean
    @ConditionalOnMissingBean
    SafeHttpClient safeHttpClient(OutboundProperties outbound) {
        return new SafeHttpClient(outbound);
    }

    @Bean
    JobRunner jobRunner(JobStore store, JobWorker worker, JobsProperties properties, ObjectProvider<SafeHttpClient> http) {
        WebhookDispatcher webhooks = properties.webhooks().secret().isEmpty() ? null
                : new WebhookDispatcher(store, http.getObject(), new WebhookSigner(properties.webhooks().secret()),
                        properties.webhooks(), STORAGE_JSON, Clock.systemUTC());
        return new JobRunner(store, worker, properties, webhooks) {
            @Override
            public boolean isAutoStartup() {
                return properties.enabled();
            }
        };
    }

    @Bean
    JobsController jobsController(JobsEndpoint endpoint) {
        return new JobsController(endpoint);
    }

    @Bean
    JobsEndpoint jobsEndpoint(JobStore store, JobWorker worker, JobsProperties properties, SafeHttpClient http, JobRunner runner,
            PublicUrls publicUrls) {
        return new JobsEndpoint(store, worker, properties, http.policy(), runner, STORAGE_JSON, publicUrls);
    }
}
