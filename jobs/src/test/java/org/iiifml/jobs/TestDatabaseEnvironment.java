package org.iiifml.jobs;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In the tests of every module that has this test-jar: a Spring service whose jobs database is not set
 * explicitly gets {@link TestDatabase}'s server and a fresh schema, never the embedded default in the
 * user's home. Registered in this test-jar's META-INF/spring.factories.
 */
public final class TestDatabaseEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("suite.jobs.database.url")) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        for (String property : TestDatabase.properties(TestDatabase.freshSchema())) {
            int eq = property.indexOf('=');
            properties.put(property.substring(0, eq), property.substring(eq + 1));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("test-database", properties));
    }
}
