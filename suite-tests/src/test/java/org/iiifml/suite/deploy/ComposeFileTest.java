package org.iiifml.suite.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iiifml.support.publicurl.PublicUrlProperties;
import org.iiifml.support.publicurl.PublicUrls;
import org.iiifml.suite.SuiteLayout;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be brought up here (no Docker engine), so it is checked against the build:
 * every service, its port, its image build and its dependencies.
 */
class ComposeFileTest {

    private static final Path ROOT = SuiteLayout.root();
    private final Map<String, Object> compose = SuiteLayout.loadYaml(ROOT.resolve("docker-compose.yml"));
    private final Map<String, Map<String, Object>> services = Yamls.map(compose, "services");

    @Test
    void everyServiceOfTheBuildIsThereAndNothingElseButItsInfrastructure() {
        assertThat(services.keySet())
                .containsAll(SuiteLayout.servicePorts().keySet())
                .contains("postgres", "redis")
                .hasSize(SuiteLayout.servicePorts().size() + 2);
    }

    @Test
    void eachServiceIsBuiltFromTheOneDockerfileWithItsModuleAndPort() throws IOException {
        String text = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(text).as("builds the module it is given").contains("-pl \"$SERVICE\" ")
                .contains("\"$SERVICE/target/$SERVICE.jar\"");
        assertThat(text).as("exposes the port it is given").contains("EXPOSE ${PORT}");
        assertThat(text).as("health check").containsPattern("HEALTHCHECK[^\\n]*\\n.*127\\.0\\.0\\.1:\\$\\{SERVICE_PORT}/actuator/health/liveness");
        assertThat(lastFrom(text)).as("runs on a JRE").contains("-jre");
        assertThat(text).as("runs as non-root").containsPattern("(?m)^USER 10001");
        assertThat(text).contains("-XX:+ExitOnOutOfMemoryError");
        for (String name : SuiteLayout.servicePorts().keySet()) {
            Map<String, Object> service = services.get(name);
            assertThat(Yamls.<String>get(service, "build.context")).as(name).isEqualTo(".");
            assertThat(Yamls.<String>get(service, "build.dockerfile")).as(name).isEqualTo("Dockerfile");
            assertThat(Yamls.<String>get(service, "build.args.SERVICE")).as(name + " builds its own module").isEqualTo(name);
            assertThat(ROOT.resolve(name).resolve("pom.xml")).as(name + " is a module").exists();
            assertThat(String.valueOf(Yamls.<Object>get(service, "build.args.PORT"))).as(name + " exposes its port")
                    .isEqualTo(String.valueOf(SuiteLayout.servicePorts().get(name)));
            assertThat(Yamls.<String>get(service, "image")).as(name).startsWith("iiif-ml/" + name + ":");
        }
    }

    @Test
    void portsMatchEachServicesConfiguration() {
        SuiteLayout.servicePorts().forEach((name, port) -> {
            Map<String, Object> service = services.get(name);
            if (name.equals("gateway")) {
                assertThat(Yamls.<List<Object>>get(service, "ports")).containsExactly(port + ":" + port);
            } else {
                assertThat(Yamls.<List<Object>>get(service, "expose")).as(name).containsExactly(String.valueOf(port));
                assertThat(service).as(name + " is reached through the gateway only").doesNotContainKey("ports");
            }
        });
    }

    @Test
    void gatewayRoutesToEveryServiceByItsComposeNameAndPort() {
        Map<String, Object> env = Yamls.map(services.get("gateway"), "environment");
        SuiteLayout.PREFIXES.forEach((service, prefix) -> assertThat(env)
                .containsEntry("SUITE_GATEWAY_SERVICES_" + prefix.toUpperCase(),
                        "http://" + service + ":" + SuiteLayout.servicePorts().get(service)));
    }

    @Test
    void dependenciesWaitForHealthyServices() {
        Map<String, Object> gatewayDeps = Yamls.map(services.get("gateway"), "depends_on");
        assertThat(gatewayDeps.keySet()).containsAll(SuiteLayout.PREFIXES.keySet()).contains("redis");
        String fetcherUrl = "http://iiif-fetcher:" + SuiteLayout.servicePorts().get("iiif-fetcher");
        for (String name : SuiteLayout.GPU_SERVICES) {
            Map<String, Object> deps = Yamls.map(services.get(name), "depends_on");
            assertThat(deps.keySet()).as(name).contains("iiif-fetcher", "postgres");
            assertThat(Yamls.<String>get(services.get(name), "environment.SUITE_FETCHER_BASE_URL")).as(name).isEqualTo(fetcherUrl);
            String trusted = Yamls.get(services.get(name), "environment.SUITE_TRUSTED_PROXIES");
            new PublicUrls(new PublicUrlProperties(null, List.of(trusted.split(","))));
        }
        assertThat(Yamls.<String, Object>map(services.get("iiif-fetcher"), "depends_on").keySet()).contains("postgres");
        for (var entry : services.entrySet()) {
            Map<String, Object> deps = entry.getValue().containsKey("depends_on") ? Yamls.map(entry.getValue(), "depends_on") : Map.of();
            deps.forEach((dependency, condition) -> {
                assertThat(services).as(entry.getKey() + " depends on a defined service").containsKey(dependency);
                assertThat(condition.toString()).as(entry.getKey() + " -> " + dependency).contains("service_healthy");
                assertThat(hasHealthCheck(services.get(dependency))).as(dependency + " has a health check").isTrue();
            });
        }
    }

    /** A health check in the compose file, or (for built services) the image's own HEALTHCHECK. */
    private static boolean hasHealthCheck(Map<String, Object> service) {
        if (service.containsKey("healthcheck")) {
            return true;
        }
        if (!service.containsKey("build")) {
            return false;
        }
        try {
            return Files.readString(ROOT.resolve(Yamls.<String>get(service, "build.dockerfile"))).contains("HEALTHCHECK");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String lastFrom(String dockerfile) {
        Matcher m = Pattern.compile("(?m)^FROM .*$").matcher(dockerfile);
        String last = "";
        while (m.find()) {
            last = m.group();
        }
        return last;
    }
}
