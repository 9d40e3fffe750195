package org.iiifml.gateway.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;
import org.iiifml.jobs.config.JobsProperties;
import org.iiifml.jobs.database.JobsDatabase;
import org.iiifml.support.identity.ClientIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The API keys in the gateway's schema of the suite's PostgreSQL ({@code suite.jobs.database.*}, as for
 * the services; embedded when no URL is set), and the local run's first admin key.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeysProperties.class)
public class KeysConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);

    @Bean(destroyMethod = "close")
    JobsDatabase gatewayDatabase(Environment environment) {
        JobsProperties.Database database = Binder.get(environment).bind("suite.jobs.database", JobsProperties.Database.class)
                .orElseGet(() -> new JobsProperties.Database("", "postgres", "", "", 4, ""));
        return JobsDatabase.open(database, "gateway", "classpath:org/iiifml/gateway/db", "gateway_schema_history");
    }

    @Bean
    ApiKeys apiKeys(JobsDatabase gatewayDatabase, KeysProperties properties,
            @Value("${suite.gateway.auth.enabled:true}") boolean authentication) {
        ApiKeys keys = new ApiKeys(new ApiKeyStore(gatewayDatabase.dataSource()), Clock.systemUTC(), properties.cacheTtl());
        // In the open mode a key would be useless, and printing one would suggest it is needed.
        if (authentication && properties.bootstrapFile() != null) {
            bootstrap(keys, properties.bootstrapFile());
        }
        return keys;
    }

    /**
     * The local run's admin key: made once, when no live admin key exists, written owner-only to the run
     * folder and printed once. Revoke it and restart, and a new one is made.
     */
    static void bootstrap(ApiKeys keys, Path file) {
        if (keys.countActive(ClientIdentity.ADMIN) > 0 && Files.exists(file)) {
            return;
        }
        ApiKey.Created created = keys.create("local-admin", "local run", ClientIdentity.ALL_SCOPES, null);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's own permissions apply.
            }
            Files.writeString(file, created.secret() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("the local admin key could not be written to " + file, e);
        }
        log.warn("\n\n  A local admin API key was created (shown once; also in {}):\n\n    {}\n\n"
                + "  Send it as: Authorization: Bearer <key>. Make narrower keys with POST /api/admin/keys or `java -jar gateway.jar keys create`.\n",
                file, created.secret());
    }

    static Set<String> scopes(String list) {
        return Set.of(list.trim().split("\\s*,\\s*"));
    }
}
