package org.iiifml.suite.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.iiifml.support.publicurl.PublicUrlProperties;
import org.iiifml.support.publicurl.PublicUrls;
import org.iiifml.suite.SuiteLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders the kustomize base and every overlay and checks what a safe, working deployment needs. */
class KubernetesManifestsTest {

    private static final Path K8S = SuiteLayout.root().resolve("k8s");

    static Stream<String> layers() {
        return Stream.of("base", "overlays/cpu", "overlays/gpu");
    }

    private static List<Map<String, Object>> render(String layer) {
        return Kustomize.render(K8S.resolve(layer));
    }

    @ParameterizedTest
    @MethodSource("layers")
    void everyServiceHasDeploymentServiceAndDisruptionBudget(String layer) {
        List<Map<String, Object>> resources = render(layer);
        for (var service : SuiteLayout.servicePorts().entrySet()) {
            String name = service.getKey();
            int port = service.getValue();
            Map<String, Object> deployment = Kustomize.find(resources, "Deployment", name);
            assertThat(deployment).as("%s: Deployment %s", layer, name).isNotNull();
            Map<String, String> podLabels = Yamls.map(deployment, "spec.template.metadata.labels");
            assertThat(podLabels).as("selector of Deployment %s matches its pods", name)
                    .containsAllEntriesOf(Yamls.map(deployment, "spec.selector.matchLabels"));

            Map<String, Object> container = container(deployment, name);
            assertThat(container.get("image").toString()).startsWith("iiif-ml/" + name + ":");
            Map<String, Object> containerPort = Yamls.<Map<String, Object>>list(container, "ports").get(0);
            assertThat(containerPort).containsEntry("containerPort", port).containsEntry("name", "http");

            Map<String, Object> svc = Kustomize.find(resources, "Service", name);
            assertThat(svc).as("%s: Service %s", layer, name).isNotNull();
            assertThat(podLabels).containsAllEntriesOf(Yamls.map(svc, "spec.selector"));
            Map<String, Object> svcPort = Yamls.<Map<String, Object>>list(svc, "spec.ports").get(0);
            assertThat(svcPort).containsEntry("port", port).containsEntry("targetPort", "http");

            Map<String, Object> pdb = Kustomize.find(resources, "PodDisruptionBudget", name);
            assertThat(pdb).as("%s: PodDisruptionBudget %s", layer, name).isNotNull();
            assertThat(podLabels).containsAllEntriesOf(Yamls.map(pdb, "spec.selector.matchLabels"));
            // A budget must leave room for a voluntary eviction, or node drains stall.
            assertThat(Yamls.<Object>get(pdb, "spec.maxUnavailable")).as(name).isEqualTo(1);
        }
        assertThat(resources.stream().filter(r -> "Deployment".equals(Kustomize.kindOf(r))).count())
                .isEqualTo(SuiteLayout.servicePorts().size());
    }

    @ParameterizedTest
    @MethodSource("layers")
    void everyContainerIsHardenedProbedAndBounded(String layer) {
        for (Map<String, Object> deployment : deployments(render(layer))) {
            String name = Kustomize.nameOf(deployment);
            Map<String, Object> pod = Yamls.map(deployment, "spec.template.spec");
            assertThat(Yamls.<Object>get(pod, "securityContext.runAsNonRoot")).as(name).isEqualTo(true);
            assertThat(((Number) Yamls.get(pod, "securityContext.runAsUser")).intValue()).as(name).isPositive();
            List<Map<String, Object>> containers = Yamls.list(pod, "containers");
            containers.addAll(Yamls.listOrEmpty(pod, "initContainers"));
            for (Map<String, Object> c : containers) {
                String where = layer + " " + name + "/" + c.get("name");
                assertThat(Yamls.<Object>get(c, "securityContext.readOnlyRootFilesystem")).as(where).isEqualTo(true);
                assertThat(Yamls.<Object>get(c, "securityContext.allowPrivilegeEscalation")).as(where).isEqualTo(false);
                assertThat(Yamls.<List<Object>>get(c, "securityContext.capabilities.drop")).as(where).containsExactly("ALL");
                for (String kind : List.of("requests", "limits")) {
                    Map<String, Object> amounts = Yamls.map(c, "resources." + kind);
                    assertThat(amounts).as(where + " " + kind).containsKeys("cpu", "memory");
                }
                assertThat(Yamls.<String>get(c, "livenessProbe.httpGet.path")).as(where).isEqualTo("/actuator/health/liveness");
                assertThat(Yamls.<String>get(c, "readinessProbe.httpGet.path")).as(where).isEqualTo("/actuator/health/readiness");
                assertThat(Yamls.<Object>get(c, "startupProbe.httpGet.port")).as(where).isEqualTo("management");
                assertThat(Yamls.<Object>get(c, "livenessProbe.httpGet.port")).as(where).isEqualTo("management");
                // A read-only root needs a writable /tmp for the JVM and Netty.
                assertThat(Yamls.<Map<String, Object>>list(c, "volumeMounts"))
                        .as(where).anySatisfy(m -> assertThat(m).containsEntry("mountPath", "/tmp"));
                List<Map<String, Object>> envFrom = Yamls.listOrEmpty(c, "envFrom");
                for (Map<String, Object> source : envFrom) {
                    if (source.containsKey("configMapRef")) {
                        String configMap = Yamls.get(source, "configMapRef.name");
                        assertThat(Kustomize.find(render(layer), "ConfigMap", configMap)).as(where + " config map").isNotNull();
                    } else {
                        // Secrets hold what an operator provides (database credentials): optional, never in the manifests.
                        assertThat(Yamls.<Object>get(source, "secretRef.optional")).as(where + " secret is optional").isEqualTo(true);
                    }
                }
            }
        }
    }

    @Test
    void configMapPointsEveryRouteAtTheServiceDnsNameAndPort() {
        Map<String, Object> config = Kustomize.find(render("base"), "ConfigMap", "suite-config");
        Map<String, String> data = Yamls.map(config, "data");
        SuiteLayout.PREFIXES.forEach((service, prefix) -> assertThat(data)
                .containsEntry("SUITE_GATEWAY_SERVICES_" + prefix.toUpperCase(),
                        "http://" + service + ":" + SuiteLayout.servicePorts().get(service)));
        assertThat(data).containsEntry("SUITE_FETCHER_BASE_URL",
                "http://iiif-fetcher:" + SuiteLayout.servicePorts().get("iiif-fetcher"));
        // The services believe the gateway's X-Forwarded-* from the pod network: blocks a service accepts.
        assertThat(data).containsKey("SUITE_TRUSTED_PROXIES");
        new PublicUrls(new PublicUrlProperties(null, List.of(data.get("SUITE_TRUSTED_PROXIES").split(","))));
    }

    static Stream<String> overlays() {
        return Stream.of("overlays/cpu", "overlays/gpu");
    }

    /**
     * An overlay runs as given: every address in the ConfigMap names a Service that the layers create, on
     * its port, and every Secret referred to is created by them or is a prerequisite that
     * docs/operations.md tells the operator to create.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyReferenceResolvesToSomethingTheLayersCreateOrADocumentedPrerequisite(String layer) throws IOException {
        List<Map<String, Object>> resources = render(layer);
        Map<String, String> data = Yamls.map(Kustomize.find(resources, "ConfigMap", "suite-config"), "data");
        int addresses = 0;
        for (var entry : data.entrySet()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:jdbc:postgresql|https?)://([a-z0-9-]+):(\\d+)(?:/.*)?$")
                    .matcher(entry.getValue());
            if (!m.matches()) {
                continue;
            }
            Map<String, Object> svc = Kustomize.find(resources, "Service", m.group(1));
            assertThat(svc).as("%s: %s names Service %s", layer, entry.getKey(), m.group(1)).isNotNull();
            assertThat(Yamls.<Map<String, Object>>list(svc, "spec.ports")).as(entry.getKey())
                    .anySatisfy(port -> assertThat(port).containsEntry("port", Integer.parseInt(m.group(2))));
            addresses++;
        }
        assertThat(addresses).as("addresses in the ConfigMap").isGreaterThanOrEqualTo(7);
        String operations = Files.readString(SuiteLayout.root().resolve("docs/operations.md"));
        java.util.Set<String> secrets = new java.util.TreeSet<>();
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("(?:secretRef|secretKeyRef)=\\{[^}]*?name=([a-z0-9-]+)")
                .matcher(resources.toString());
        while (refs.find()) {
            secrets.add(refs.group(1));
        }
        assertThat(secrets).as("secrets referred to").contains("suite-database");
        for (String secret : secrets) {
            if (Kustomize.find(resources, "Secret", secret) == null) {
                assertThat(operations).as("docs/operations.md tells the operator to create Secret %s", secret)
                        .contains("kubectl -n iiif-ml create secret generic " + secret);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theJobsPostgresqlIsHardenedProbedBoundedAndKeepsItsData(String layer) {
        Map<String, Object> postgres = Kustomize.find(render(layer), "StatefulSet", "postgres");
        assertThat(postgres).as(layer).isNotNull();
        Map<String, Object> pod = Yamls.map(postgres, "spec.template.spec");
        assertThat(Yamls.<Object>get(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(Yamls.<Object>get(pod, "automountServiceAccountToken")).isEqualTo(false);
        Map<String, Object> c = container(postgres, "postgres");
        assertThat(Yamls.<Object>get(c, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(Yamls.<Object>get(c, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(Yamls.<List<Object>>get(c, "securityContext.capabilities.drop")).containsExactly("ALL");
        for (String kind : List.of("requests", "limits")) {
            assertThat(Yamls.<String, Object>map(c, "resources." + kind)).containsKeys("cpu", "memory");
        }
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(Yamls.<List<Object>>get(c, probe + ".exec.command").toString()).as(probe).contains("pg_isready");
        }
        // The data on a claim of its own, under the PGDATA the container is given.
        assertThat(Yamls.<Map<String, Object>>list(postgres, "spec.volumeClaimTemplates"))
                .anySatisfy(t -> assertThat(Yamls.<String>get(t, "metadata.name")).isEqualTo("data"));
        assertThat(Yamls.<Map<String, Object>>list(c, "volumeMounts"))
                .anySatisfy(m -> assertThat(m).containsEntry("name", "data").containsEntry("mountPath", "/var/lib/postgresql/data"));
        assertThat(Yamls.<Map<String, Object>>list(c, "env"))
                .anySatisfy(e -> assertThat(e).containsEntry("name", "PGDATA").containsEntry("value", "/var/lib/postgresql/data/pgdata"));
    }

    @Test
    void cpuOverlayRequestsNoGpuAndNamespacesEverything() {
        List<Map<String, Object>> resources = render("overlays/cpu");
        for (Map<String, Object> deployment : deployments(resources)) {
            assertThat(deployment.toString()).doesNotContain("nvidia.com/gpu");
        }
        assertNamespaced(resources);
    }

    @Test
    void gpuOverlayPutsModelServicesAndTrainerOnGpuNodes() {
        List<Map<String, Object>> resources = render("overlays/gpu");
        assertNamespaced(resources);
        for (Map<String, Object> deployment : deployments(resources)) {
            String name = Kustomize.nameOf(deployment);
            Map<String, Object> pod = Yamls.map(deployment, "spec.template.spec");
            Map<String, Object> limits = Yamls.map(container(deployment, name), "resources.limits");
            if (SuiteLayout.GPU_SERVICES.contains(name)) {
                assertThat(((Number) limits.get("nvidia.com/gpu")).intValue()).as(name).isEqualTo(1);
                assertThat(limits).as(name + " keeps its CPU and memory limits").containsKeys("cpu", "memory");
                assertThat(Yamls.<Map<String, Object>>list(pod, "tolerations")).as(name)
                        .anySatisfy(t -> assertThat(t).containsEntry("key", "nvidia.com/gpu"));
                assertThat(Yamls.<String, Object>map(pod, "nodeSelector")).as(name)
                        .containsEntry("nvidia.com/gpu.present", "true");
                assertThat(Yamls.<Map<String, Object>>list(container(deployment, name), "env"))
                        .anySatisfy(e -> assertThat(e).containsEntry("name", "SUITE_INFERENCE_EXECUTION_PROVIDER"));
            } else {
                assertThat(deployment.toString()).as(name + " needs no GPU").doesNotContain("nvidia.com/gpu");
            }
        }
        assertThat(deployments(resources)).filteredOn(d -> d.toString().contains("nvidia.com/gpu"))
                .hasSize(SuiteLayout.GPU_SERVICES.size());
    }

    /**
     * Ingress is denied but gateway → services, model services → fetcher and the suite → its datastores;
     * egress to the internet is the fetcher's (and, on HTTP(S), the webhook senders'); DNS is allowed; every
     * pod of every layer is covered; every service gets the identity secret.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void networkPoliciesLetInOnlyWhatTheSuiteNeeds(String layer) {
        List<Map<String, Object>> resources = render(layer);
        Map<String, Object> deny = Kustomize.find(resources, "NetworkPolicy", "default-deny");
        assertThat(Yamls.<Map<String, Object>>get(deny, "spec.podSelector")).as("default-deny selects every pod").isEmpty();
        assertThat(Yamls.<List<String>>get(deny, "spec.policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(Kustomize.find(resources, "NetworkPolicy", "allow-dns").toString()).contains("port=53").contains("UDP");
        Map<String, Object> gateway = Kustomize.find(resources, "NetworkPolicy", "gateway");
        assertThat(Yamls.<List<Map<String, Object>>>get(gateway, "spec.ingress").get(0)).as("anyone may reach the gateway").doesNotContainKey("from");
        for (String name : List.of("model-services", "iiif-fetcher")) {
            Map<String, Object> policy = Kustomize.find(resources, "NetworkPolicy", name);
            List<Map<String, Object>> ingress = Yamls.list(policy, "spec.ingress");
            assertThat(ingress).as(name + ": ingress only from named pods").allSatisfy(rule -> assertThat(rule).containsKey("from"));
            assertThat(ingress.toString()).as(name).contains("gateway");
        }
        assertThat(Kustomize.find(resources, "NetworkPolicy", "model-services").toString()).as("model services reach no IP block")
                .doesNotContain("ipBlock");
        Map<String, Object> fetcher = Kustomize.find(resources, "NetworkPolicy", "iiif-fetcher");
        assertThat(fetcher.toString()).contains("cidr=0.0.0.0/0").contains("169.254.0.0/16").contains("10.0.0.0/8");
        // The metadata address and private ranges are never allowed by any egress rule.
        for (Map<String, Object> r : resources) {
            if ("NetworkPolicy".equals(Kustomize.kindOf(r)) && r.toString().contains("0.0.0.0/0")) {
                assertThat(r.toString()).as(Kustomize.nameOf(r)).contains("169.254.0.0/16");
            }
        }
        for (Map<String, Object> deployment : deployments(resources)) {
            String name = Kustomize.nameOf(deployment);
            assertThat(Yamls.<Map<String, Object>>list(container(deployment, name), "env")).as(name + " gets the identity secret")
                    .anySatisfy(e -> assertThat(e.toString()).contains("SUITE_IDENTITY_SECRET").contains("suite-identity"));
            assertThat(Yamls.<Map<String, Object>>list(container(deployment, name), "ports"))
                    .anySatisfy(p -> assertThat(p).containsEntry("name", "management").containsEntry("containerPort", 9090));
        }
        assertThat(Kustomize.find(resources, "StatefulSet", "redis")).as("the rate limiter's Redis").isNotNull();
    }

    @Test
    void rendererRefusesKustomizeFeaturesItDoesNotImplement(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\ncommonLabels:\n  a: b\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("commonLabels");
    }

    private static void assertNamespaced(List<Map<String, Object>> resources) {
        for (Map<String, Object> r : resources) {
            if (!"Namespace".equals(Kustomize.kindOf(r))) {
                assertThat(Yamls.<String>get(r, "metadata.namespace")).as(Kustomize.nameOf(r)).isEqualTo("iiif-ml");
            }
        }
        assertThat(Kustomize.find(resources, "Namespace", "iiif-ml")).isNotNull();
    }

    private static List<Map<String, Object>> deployments(List<Map<String, Object>> resources) {
        return resources.stream().filter(r -> "Deployment".equals(Kustomize.kindOf(r))).toList();
    }

    private static Map<String, Object> container(Map<String, Object> deployment, String name) {
        return Yamls.<Map<String, Object>>list(deployment, "spec.template.spec.containers").stream()
                .filter(c -> name.equals(c.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no container " + name));
    }
}
