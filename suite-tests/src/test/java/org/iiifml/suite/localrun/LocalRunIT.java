package org.iiifml.suite.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iiifml.iiif.testing.PresentationSchema;
import org.iiifml.suite.SuiteLayout;
import org.iiifml.support.identity.ClientIdentity;
import org.iiifml.support.identity.IdentitySigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the suite exactly as the README says, with ./run-local.sh (on free ports, using the jars this
 * build just packaged), sends requests through the gateway to every service over real sockets, and ends
 * it the way a person does, with Ctrl-C to the terminal's process group.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunIT {

    private static final Path ROOT = SuiteLayout.root();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalSuite suite;
    private Map<String, Integer> ports;

    @BeforeAll
    void startSuite() throws Exception {
        Path run = ROOT.resolve("suite-tests/target/local-run");
        // The model store as a fresh machine has it (empty): an earlier run's examples trained a model into it.
        Path models = run.resolve("models");
        if (Files.exists(models)) {
            try (var files = Files.walk(models)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        suite = LocalSuite.start(run);
        ports = suite.ports();
    }

    @AfterAll
    void stopSuiteIfStillRunning() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void printsTheGatewayUrls() throws IOException {
        String printed = suite.output();
        assertThat(printed).contains("http://localhost:" + ports.get("gateway") + "/swagger-ui.html");
        assertThat(printed).contains("export BASE=http://localhost:" + ports.get("gateway"));
        for (String prefix : SuiteLayout.PREFIXES.values()) {
            assertThat(printed).contains("http://localhost:" + ports.get("gateway") + "/api/" + prefix + "/about");
        }
    }

    @Test
    @Order(2)
    void everyServiceAnswersThroughTheGateway() throws Exception {
        for (var entry : SuiteLayout.PREFIXES.entrySet()) {
            HttpResponse<String> response = get("gateway", "/api/" + entry.getValue() + "/about");
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(200);
            JsonNode about = JSON.readTree(response.body());
            assertThat(about.get("service").asString()).isEqualTo(entry.getKey());
            assertThat(about.get("version").asString()).isEqualTo(System.getProperty("suite.version"));
        }
    }

    @Test
    @Order(3)
    void modelServicesReachTheFetcherThroughTheirGeneratedClient() throws Exception {
        for (String service : SuiteLayout.GPU_SERVICES) {
            JsonNode about = JSON.readTree(get("gateway", "/api/" + SuiteLayout.PREFIXES.get(service) + "/about").body());
            JsonNode fetcher = about.get("dependencies").get(0);
            assertThat(fetcher.get("name").asString()).as(service).isEqualTo("iiif-fetcher");
            assertThat(fetcher.get("status").asString()).as(service).isEqualTo("UP");
            assertThat(fetcher.get("version").asString()).as(service).isEqualTo(System.getProperty("suite.version"));
        }
    }

    @Test
    @Order(3)
    void fetcherReadsTheDemoSourceThroughTheGateway() throws Exception {
        String demo = "http://localhost:" + ports.get("gateway") + "/demo/iiif";
        HttpResponse<String> manifest = get("gateway", "/api/iiif/manifest?url=" + demo + "/book/manifest.json");
        assertThat(manifest.statusCode()).isEqualTo(200);
        JsonNode book = JSON.readTree(manifest.body());
        assertThat(book.get("type").asString()).isEqualTo("Manifest");
        assertThat(book.get("items").size()).isEqualTo(4);
        assertThat(PresentationSchema.errors(book)).isEmpty();

        JsonNode collection = JSON.readTree(get("gateway", "/api/iiif/collection?url=" + demo + "/collection.json").body());
        assertThat(collection.get("items").size()).isEqualTo(3);
        assertThat(PresentationSchema.errors(collection)).isEmpty();

        // The same book as Presentation 2.1: read as v2, answered as valid v3, or as v2 when asked.
        HttpResponse<String> v2 = get("gateway", "/api/iiif/manifest?url=" + demo + "/v2/book/manifest.json");
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(v2.headers().firstValue("X-IIIF-Source-Version")).hasValue("2");
        assertThat(PresentationSchema.errors(JSON.readTree(v2.body()))).isEmpty();
        JsonNode asV2 = JSON.readTree(get("gateway", "/api/iiif/manifest?url=" + demo + "/v2/book/manifest.json&presentation=2").body());
        assertThat(asV2.get("@context").asString()).isEqualTo("http://iiif.io/api/presentation/2/context.json");
        assertThat(asV2.get("sequences").get(0).get("canvases").size()).isEqualTo(4);
        JsonNode index = JSON.readTree(get("gateway", "/demo/iiif").body());
        assertThat(index.get("documents").size()).isGreaterThanOrEqualTo(6);

        HttpResponse<byte[]> image = http.send(request(url("gateway",
                "/api/iiif/image?service=" + demo + "/images/book-p2&width=640&height=640")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        // A level-0 service: the smallest listed size that covers the box, never the full image, and the
        // answer no larger than the box (600 × 900 scaled down to 427 × 640).
        assertThat(image.headers().firstValue("X-IIIF-Request")).hasValue(demo + "/images/book-p2/full/600,/0/default.jpg");
        assertThat(image.headers().firstValue("X-Image-Height")).hasValue("640");
        assertThat(image.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        // A level-2 service (the demo photographs) is asked for the region itself, at the size wanted.
        HttpResponse<byte[]> region = http.send(request(url("gateway",
                "/api/iiif/image?service=" + demo + "/images/photo-1&region=100,200,800,400&width=400&height=400")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(region.statusCode()).isEqualTo(200);
        assertThat(region.headers().firstValue("X-IIIF-Request").orElseThrow()).startsWith(demo + "/images/photo-1/100,200,800,400/");
        assertThat(region.headers().firstValue("X-Image-Width")).hasValue("400");

        HttpResponse<byte[]> canvas = http.send(request(url("gateway", "/api/iiif/image?manifest=" + demo
                + "/book/manifest.json&canvas=" + demo + "/book/canvas/book-p2&width=640&height=640")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(canvas.statusCode()).isEqualTo(200);
        assertThat(canvas.headers().firstValue("X-IIIF-Request")).hasValue(demo + "/images/book-p2/full/600,/0/default.jpg");

        assertProblem(get("gateway", "/api/iiif/manifest?url=http://169.254.169.254/latest/meta-data/"), 400, "urn:iiif-ml:problem:url-refused");
    }

    @Test
    @Order(3)
    void aHarvestJobOfTheDemoBookRunsThroughTheGateway() throws Exception {
        String demo = "http://localhost:" + ports.get("gateway") + "/demo/iiif";
        JsonNode job = demoBookJob("/api/iiif/jobs", "\"local-run-demo-book-" + java.util.UUID.randomUUID() + "\"");
        assertThat(job.get("state").asString()).isEqualTo("succeeded");
        assertThat(job.get("items").get(1).get("result").get("imageService").asString()).isEqualTo(demo + "/images/book-p2");
    }

    @Test
    @Order(3)
    void theDemoBookIsClassifiedPageByPageAndItsManifestAnnotated() throws Exception {
        String demo = "http://localhost:" + ports.get("gateway") + "/demo/iiif";
        JsonNode job = demoBookJob("/api/classifier/jobs", null);
        String id = job.get("id").asString();
        assertThat(job.get("reproducibility").get("model").get("name").asString()).isEqualTo("page-type");
        List<String> top = new java.util.ArrayList<>();
        job.get("items").forEach(item -> top.add(item.get("result").get("predictions").get(0).get("label").asString()));
        // The demo book, drawn by other code than the model's training pages: text, illustrated, text, illustrated.
        assertThat(top).containsExactly("text", "illustrated", "text", "illustrated");
        assertThat(job.get("items").get(1).get("result").get("iiifRequest").asString()).startsWith(demo + "/images/book-p2/full/");

        // The demo volume's covers and blank leaf: the other two page types the built-in model tells apart.
        JsonNode volume = demoJob("/api/classifier/jobs", demo + "/volume/manifest.json", 3);
        List<String> outside = new java.util.ArrayList<>();
        volume.get("items").forEach(item -> outside.add(item.get("result").get("predictions").get(0).get("label").asString()));
        assertThat(outside).containsExactly("cover", "blank", "cover");

        HttpResponse<String> byReference = http.send(request(url("gateway", "/api/classifier/classify/iiif?topK=1"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"imageServiceUrl\": \"" + demo + "/images/book-p4\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(byReference.statusCode()).as(byReference.body()).isEqualTo(200);
        JsonNode classified = JSON.readTree(byReference.body());
        assertThat(classified.get("predictions").get(0).get("label").asString()).isEqualTo("illustrated");
        assertThat(classified.get("iiifRequest").asString()).startsWith(demo + "/images/book-p4/full/");

        HttpResponse<String> annotated = get("gateway", "/api/classifier/jobs/" + id + "/manifest");
        assertThat(annotated.statusCode()).isEqualTo(200);
        assertThat(annotated.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertPublishedThroughTheGateway(annotated.body(), "/api/classifier/jobs/" + id + "/manifest");
        // The results keep every label of the four-label model (top 5 asked); the manifest shows only the
        // best one, and only above the minimum score.
        assertThat(job.get("items").get(1).get("result").get("predictions").size()).isEqualTo(4);
        for (JsonNode page : JSON.readTree(annotated.body()).get("items")) {
            for (JsonNode annotations : page.path("annotations")) {
                assertThat(annotations.get("items").size()).isEqualTo(1);
                assertThat(annotations.get("items").get(0).get("body").get(0).get("confidence").asDouble()).isGreaterThanOrEqualTo(0.25);
            }
        }
        JsonNode canvas = JSON.readTree(annotated.body()).get("items").get(1);
        JsonNode annotation = canvas.get("annotations").get(0).get("items").get(0);
        assertThat(annotation.get("motivation").asString()).isEqualTo("classifying");
        assertThat(annotation.get("body").get(0).get("value").asString()).isEqualTo("illustrated");
        assertThat(annotation.get("body").get(0).get("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(annotation.get("generator").get("id").asString()).startsWith("urn:iiif-ml:model:page-type:1:sha256:");
        assertThat(annotation.get("target").asString()).isEqualTo(canvas.get("id").asString());
    }

    /** The Java walkthrough of docs/api.md, as written there: typed labels, scores and regions. */
    @Test
    @Order(3)
    void theGeneratedJavaClientsReadTypedResultsAsTheApiPageShows() throws Exception {
        String base = "http://localhost:" + ports.get("gateway");
        String book = base + "/demo/iiif/book/manifest.json";
        String key = suite.adminKey();                                // $KEY

        var classifierClient = new org.iiifml.client.classifier.ApiClient();
        classifierClient.setBasePath(base);
        classifierClient.addDefaultHeader("Authorization", "Bearer " + key);
        var classifierJobs = new org.iiifml.client.classifier.api.JobsApi(classifierClient);
        var request = new org.iiifml.client.classifier.model.JobRequest();
        request.setManifestUrl(java.net.URI.create(book));
        var job = classifierJobs.createJob(request, null).block();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while ((job.getState() == org.iiifml.client.classifier.model.JobState.QUEUED
                || job.getState() == org.iiifml.client.classifier.model.JobState.RUNNING) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            job = classifierJobs.getJob(job.getId()).block();
        }
        assertThat(job.getState()).isEqualTo(org.iiifml.client.classifier.model.JobState.SUCCEEDED);
        var classifications = new org.iiifml.client.classifier.api.ClassificationsApi(classifierClient)
                .getClassifications(job.getId()).block();
        assertThat(classifications.getModel().getName()).isEqualTo("page-type");
        assertThat(classifications.getClassifications()).extracting(c -> c.getPredictions().get(0).getLabel())
                .containsExactly("text", "illustrated", "text", "illustrated");
        assertThat(classifications.getClassifications()).allSatisfy(c -> {
            assertThat(c.getManifestUrl()).isEqualTo(book);
            assertThat(c.getCanvasLabel()).isNotBlank();
            assertThat(c.getPredictions().get(0).getScore()).isBetween(0f, 1f);
            assertThat(c.getIiifRequest()).startsWith(base + "/demo/iiif/images/");
        });

        var extractorClient = new org.iiifml.client.extractor.ApiClient();
        extractorClient.setBasePath(base);
        extractorClient.addDefaultHeader("Authorization", "Bearer " + key);
        var extractorJobs = new org.iiifml.client.extractor.api.JobsApi(extractorClient);
        var extraction = new org.iiifml.client.extractor.model.JobRequest();
        extraction.setManifestUrl(java.net.URI.create(book));
        var found = extractorJobs.createJob(extraction, null).block();
        while ((found.getState() == org.iiifml.client.extractor.model.JobState.QUEUED
                || found.getState() == org.iiifml.client.extractor.model.JobState.RUNNING) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            found = extractorJobs.getJob(found.getId()).block();
        }
        assertThat(found.getState()).isEqualTo(org.iiifml.client.extractor.model.JobState.SUCCEEDED);
        var regions = new org.iiifml.client.extractor.api.ExtractionApi(extractorClient).getRegions(found.getId()).block().getRegions();
        assertThat(regions).extracting(org.iiifml.client.extractor.model.Region::getPage).containsExactly(2, 4);
        assertThat(regions).allSatisfy(r -> {
            assertThat(r.getLabel()).isEqualTo("illustration");
            assertThat(r.getScore()).isBetween(0f, 1f);
            assertThat(r.getW()).isPositive();
            assertThat(r.getIiifRegionUrl()).startsWith(base + "/demo/iiif/images/");
        });
        // The item results have the contract's shape: read into the generated item-result type, nothing left over.
        var mapper = tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        for (var item : extractorJobs.getJob(found.getId()).block().getItems()) {
            var result = mapper.convertValue(item.getResult(), org.iiifml.client.extractor.model.ExtractionItemResult.class);
            assertThat(result.getPage()).isEqualTo(item.getIndex() + 1);
            assertThat(result.getImageService()).startsWith(base + "/demo/iiif/images/");
        }
        for (var item : classifierJobs.getJob(job.getId()).block().getItems()) {
            var result = mapper.convertValue(item.getResult(), org.iiifml.client.classifier.model.ClassificationItemResult.class);
            assertThat(result.getPredictions()).isNotEmpty();
        }
    }

    @Test
    @Order(3)
    void theDemoBooksIllustrationsAreExtractedAsCropsAndAnnotations() throws Exception {
        String demo = "http://localhost:" + ports.get("gateway") + "/demo/iiif";
        JsonNode job = demoBookJob("/api/extractor/jobs", null);
        String id = job.get("id").asString();

        // Pages 2 and 4 hold one framed engraving each at (220, 450) 760 × 720 on their 1200 × 1800 canvases.
        JsonNode regions = JSON.readTree(get("gateway", "/api/extractor/jobs/" + id + "/regions").body()).get("regions");
        assertThat(regions).hasSize(2);
        for (JsonNode r : regions) {
            assertThat(r.get("page").asInt()).isIn(2, 4);
            assertThat(r.get("x").asInt()).isCloseTo(220, org.assertj.core.api.Assertions.within(12));
            assertThat(r.get("y").asInt()).isCloseTo(450, org.assertj.core.api.Assertions.within(12));
            assertThat(r.get("w").asInt()).isCloseTo(760, org.assertj.core.api.Assertions.within(24));
            assertThat(r.get("h").asInt()).isCloseTo(720, org.assertj.core.api.Assertions.within(24));
            assertThat(r.get("iiifRegionUrl").asString()).startsWith(demo + "/images/book-p");
        }

        HttpResponse<byte[]> zip = http.send(request(url("gateway", "/api/extractor/jobs/" + id + "/crops.zip")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Disposition").orElseThrow()).contains("filename*=UTF-8''");
        List<String> entries = new java.util.ArrayList<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).containsExactly("0002_page-2_01.jpg", "0004_page-4_01.jpg", "index.csv");

        HttpResponse<String> annotated = get("gateway", "/api/extractor/jobs/" + id + "/manifest");
        assertThat(annotated.statusCode()).isEqualTo(200);
        assertThat(annotated.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertPublishedThroughTheGateway(annotated.body(), "/api/extractor/jobs/" + id + "/manifest");
        JsonNode canvas = JSON.readTree(annotated.body()).get("items").get(1);
        JsonNode annotation = canvas.get("annotations").get(0).get("items").get(0);
        assertThat(annotation.get("motivation").asString()).isEqualTo("tagging");
        assertThat(annotation.get("target").asString()).startsWith(canvas.get("id").asString() + "#xywh=");
    }

    /**
     * docs/api.md and the README, as a reader runs them: every curl example against this run, each answer
     * as written under it.
     */
    @Test
    @Order(4)
    void everyExampleOfTheApiPageAndTheReadmeAnswersAsItSays() throws Exception {
        List<ApiExamples.Example> api = ApiExamples.read(ROOT.resolve("docs/api.md"));
        assertThat(api).as("examples on docs/api.md").hasSizeGreaterThan(25)
                .allSatisfy(e -> assertThat(e.command()).as("an example of docs/api.md").startsWith("curl "));
        runExamples(api);
        // The README's blocks also hold the two commands and a drawing: its curl examples are the ones to run.
        List<ApiExamples.Example> readme = ApiExamples.read(ROOT.resolve("README.md")).stream()
                .filter(e -> e.command().startsWith("curl ")).toList();
        assertThat(readme).as("examples in the README").hasSizeGreaterThan(8);
        runExamples(readme);
    }

    private void runExamples(List<ApiExamples.Example> examples) throws Exception {
        String base = "http://localhost:" + ports.get("gateway");
        Path folder = Files.createTempDirectory(ROOT.resolve("suite-tests/target"), "api-examples");
        String job = null;
        for (ApiExamples.Example example : examples) {
            if (example.command().contains("<id>")) {
                assertThat(job).as("a job was created before %s", example.command()).isNotNull();
            }
            String command = job == null ? example.command() : example.command().replace("<id>", job);
            // This run's own keys: an earlier run on other ports sent the same key with another body (422).
            command = command.replace("Idempotency-Key: \"", "Idempotency-Key: \"" + folder.getFileName() + "-");
            ApiExamples.Answer answer = ApiExamples.run(command, base, suite.adminKey(), folder);
            ApiExamples.check(example, command, answer, base, job);
            String created = ApiExamples.createdJob(command, answer);
            if (created != null) {
                job = created;
                java.util.regex.Matcher prefix = java.util.regex.Pattern.compile("/api/([a-z-]+)/jobs").matcher(command);
                assertThat(prefix.find()).isTrue();
                awaitEnd("/api/" + prefix.group(1) + "/jobs/" + job);
            }
        }
    }

    @Test
    @Order(4)
    void unknownPathsAndMethodsGetProblemResponses() throws Exception {
        // Matched by no route: the gateway answers itself.
        assertProblem(get("gateway", "/api/nothing-here/x"), 404, "urn:iiif-ml:problem:not-found");
        assertProblem(get("gateway", "/no/such/page"), 404, "urn:iiif-ml:problem:not-found");
        // Routed, unknown to the service: the service answers, through the gateway.
        assertProblem(get("gateway", "/api/classifier/no-such-operation"), 404, "urn:iiif-ml:problem:not-found");
        // (The classifier's: a POST to the trainer costs 100 tokens, and the examples' trainings spent them.)
        HttpResponse<String> post = http.send(request(url("gateway", "/api/classifier/about"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(post, 405, "urn:iiif-ml:problem:method-not-allowed");
    }

    @Test
    @Order(5)
    void everyServiceExposesProbesInfoAndPrometheusOnly() throws Exception {
        IdentitySigner signer = new IdentitySigner(suite.identitySecret(), Duration.ofMinutes(2));
        for (String service : ports.keySet()) {
            assertThat(get(service, "/actuator/health/liveness").statusCode()).as(service).isEqualTo(200);
            assertThat(get(service, "/actuator/health/readiness").statusCode()).as(service).isEqualTo(200);
            if (!service.equals("gateway") && !service.equals("demo-source")) {
                // Metrics are no one's but the operator's: a service answers them only to what the gateway signed.
                assertProblem(get(service, "/actuator/prometheus"), 401, "urn:iiif-ml:problem:unauthenticated");
            }
            JsonNode info = JSON.readTree(actuator(service, "/actuator/info", signer).body());
            assertThat(info.at("/build/artifact").asString()).as(service).isEqualTo(service);
            assertThat(info.at("/build/version").asString()).as(service).isEqualTo(System.getProperty("suite.version"));
            HttpResponse<String> prometheus = actuator(service, "/actuator/prometheus", signer);
            assertThat(prometheus.statusCode()).as(service).isEqualTo(200);
            assertThat(prometheus.body()).as(service).contains("jvm_memory_used_bytes")
                    .contains("application=\"" + service + "\"");
            for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/shutdown")) {
                assertProblem(actuator(service, hidden, signer), 404, "urn:iiif-ml:problem:not-found");
            }
        }
        // Through the gateway, its own metrics need the admin scope.
        assertProblem(http.send(HttpRequest.newBuilder(url("gateway", "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()),
                401, "urn:iiif-ml:problem:unauthenticated");
    }

    /** An actuator endpoint as its operator reads it: the gateway's with the admin key, a service's signed. */
    private HttpResponse<String> actuator(String service, String path, IdentitySigner signer) throws Exception {
        HttpRequest.Builder request = request(url(service, path)).timeout(Duration.ofSeconds(20));
        if (!service.equals("gateway")) {
            request.header(IdentitySigner.HEADER, signer.sign(new ClientIdentity("operator", ClientIdentity.ALL_SCOPES), "GET", path,
                    java.time.Instant.now()));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Without a key the gateway lets nothing but health, docs and the demo source in; a service asked directly refuses. */
    @Test
    @Order(5)
    void withoutAKeyTheGatewayAndTheServicesRefuse() throws Exception {
        assertProblem(http.send(HttpRequest.newBuilder(url("gateway", "/api/iiif/about")).build(), HttpResponse.BodyHandlers.ofString()),
                401, "urn:iiif-ml:problem:unauthenticated");
        assertProblem(http.send(HttpRequest.newBuilder(url("gateway", "/api/iiif/about"))
                .header("Authorization", "Bearer iiifml_not-a-key").build(), HttpResponse.BodyHandlers.ofString()),
                401, "urn:iiif-ml:problem:unauthenticated");
        assertProblem(get("iiif-fetcher", "/api/iiif/about"), 401, "urn:iiif-ml:problem:unauthenticated");
        assertThat(http.send(HttpRequest.newBuilder(url("gateway", "/api-docs/iiif-fetcher.yaml")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    /** The gateway is the one door: every other process of the local run listens on loopback only. */
    @Test
    @Order(5)
    void onlyTheGatewayListensBeyondLoopback() throws Exception {
        java.net.InetAddress outside = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> { try { return i.isUp() && !i.isLoopback(); } catch (java.net.SocketException e) { return false; } })
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElse(null);
        // A machine with no address but loopback has nothing beyond it to listen on: then there is nothing to check.
        if (outside == null) {
            return;
        }
        for (var entry : ports.entrySet()) {
            boolean open;
            try (var socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(outside, entry.getValue()), 2000);
                open = true;
            } catch (IOException refused) {
                open = false;
            }
            assertThat(open).as(entry.getKey() + " on " + outside.getHostAddress() + ":" + entry.getValue())
                    .isEqualTo(entry.getKey().equals("gateway"));
        }
    }

    /**
     * Each JVM runs with the -Xmx run-local.sh printed for it, and together they take at most half of this
     * machine's memory (or the 12 GB the script caps the total at), so that all seven fit the machine.
     */
    @Test
    @Order(5)
    void everyServiceRunsWithAHeapThatFitsTheMachineWithTheOthers() throws Exception {
        Map<String, LocalSuite.Started> started = suite.started();
        assertThat(started.keySet()).containsExactlyInAnyOrderElementsOf(ports.keySet());
        long total = 0;
        for (var entry : started.entrySet()) {
            String cmdline = Files.readString(Path.of("/proc/" + entry.getValue().pid() + "/cmdline")).replace('\0', ' ');
            assertThat(cmdline).as(entry.getKey()).contains("-Xmx" + entry.getValue().heapMb() + "m");
            total += entry.getValue().heapMb();
        }
        long machineMb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElseThrow();
        assertThat(total).isLessThanOrEqualTo(Math.min(machineMb / 2, 12288));
        // The model services and the fetcher, which decode images, get more than the gateway.
        assertThat(started.get("classifier-service").heapMb()).isGreaterThan(started.get("gateway").heapMb());
    }

    @Test
    @Order(6)
    void gatewayServesEveryContractForItsSwaggerUi() throws Exception {
        JsonNode config = JSON.readTree(get("gateway", "/v3/api-docs/swagger-config").body());
        assertThat(config.get("urls").valueStream().map(u -> u.get("url").asString()).toList())
                .containsExactlyInAnyOrder("/api-docs/iiif-fetcher.yaml", "/api-docs/classifier.yaml",
                        "/api-docs/extractor.yaml", "/api-docs/colorizer.yaml", "/api-docs/trainer.yaml");
        for (String prefix : SuiteLayout.PREFIXES.values()) {
            String contract = prefix.equals("iiif") ? "iiif-fetcher" : prefix;
            HttpResponse<String> yaml = get("gateway", "/api-docs/" + contract + ".yaml");
            assertThat(yaml.statusCode()).isEqualTo(200);
            assertThat(yaml.body()).contains("/api/" + prefix + "/about:");
        }
        assertThat(get("gateway", "/api-docs/common.yaml").body()).contains("Problem:");
        HttpResponse<String> ui = get("gateway", "/webjars/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    @Test
    @Order(100)
    void ctrlCStopsEveryProcess() throws Exception {
        List<ProcessHandle> started = suite.process().descendants().toList();
        assertThat(started.stream().filter(p -> p.info().command().orElse("").endsWith("java")))
                .as("one JVM per service").hasSize(ports.size());

        // What a terminal does on Ctrl-C: SIGINT to every process of the foreground group.
        Process interrupt = new ProcessBuilder("kill", "-INT", "--", "-" + suite.process().pid()).inheritIO().start();
        assertThat(interrupt.waitFor()).isZero();

        assertThat(suite.process().waitFor(60, TimeUnit.SECONDS)).as("run-local.sh ends after Ctrl-C").isTrue();
        assertThat(suite.process().exitValue()).isEqualTo(130);
        for (ProcessHandle process : started) {
            process.onExit().get(10, TimeUnit.SECONDS);
            assertThat(process.isAlive()).as("pid %d still alive", process.pid()).isFalse();
        }
        for (var entry : ports.entrySet()) {
            try (var socket = new java.net.Socket("127.0.0.1", entry.getValue())) {
                throw new AssertionError(entry.getKey() + " still listens on " + entry.getValue());
            } catch (ConnectException expected) {
                // Nothing listens any more.
            }
        }
        assertThat(suite.output()).contains("run-local: stopped.");
    }

    /** A job over the demo book through the gateway: {@link #demoJob} of its four canvases. */
    private JsonNode demoBookJob(String jobsPath, String idempotencyKey) throws Exception {
        return demoJob(jobsPath, "http://localhost:" + ports.get("gateway") + "/demo/iiif/book/manifest.json", 4, idempotencyKey);
    }

    private JsonNode demoJob(String jobsPath, String manifestUrl, int canvases) throws Exception {
        return demoJob(jobsPath, manifestUrl, canvases, null);
    }

    /**
     * A job over a demo manifest through the gateway, created (201; with an Idempotency-Key also 200, when
     * an earlier run's job is answered) and awaited: every canvas done.
     */
    private JsonNode demoJob(String jobsPath, String manifestUrl, int canvases, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = request(url("gateway", jobsPath)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"manifestUrl\": \"" + manifestUrl + "\"}"));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> created = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (idempotencyKey == null) {
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        } else {
            assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        }
        // The job's Location is the gateway's URL, which the client called, not the service's own.
        assertThat(created.headers().firstValue("Location")).hasValue(url("gateway", jobsPath) + "/" + JSON.readTree(created.body()).get("id").asString());
        JsonNode job = awaitEnd(jobsPath + "/" + JSON.readTree(created.body()).get("id").asString());
        assertThat(job.get("progress").toString()).isEqualTo("{\"total\":" + canvases + ",\"done\":" + canvases + ",\"failed\":0}");
        return job;
    }

    /**
     * An annotated manifest fetched through the gateway is valid Presentation 3, and every id the service
     * minted in it (pages, annotations) starts with the URL the client called: the gateway's address, a
     * Host other than the service's own.
     */
    private void assertPublishedThroughTheGateway(String body, String path) {
        JsonNode manifest = JSON.readTree(body);
        assertThat(PresentationSchema.errors(manifest)).isEmpty();
        String publicUrl = url("gateway", path).toString();
        List<String> minted = new java.util.ArrayList<>();
        for (JsonNode canvas : manifest.get("items")) {
            for (JsonNode page : canvas.path("annotations")) {
                minted.add(page.get("id").asString());
                page.get("items").forEach(a -> minted.add(a.get("id").asString()));
            }
        }
        assertThat(minted).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith(publicUrl + "/"));
    }

    private JsonNode awaitEnd(String jobPath) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode job;
        do {
            Thread.sleep(200);
            job = JSON.readTree(get("gateway", jobPath).body());
            assertThat(System.nanoTime()).as("job %s ends", job).isLessThan(deadline);
        } while (!List.of("succeeded", "failed", "cancelled").contains(job.get("state").asString()));
        return job;
    }

    private HttpResponse<String> get(String service, String path) throws Exception {
        return http.send(request(url(service, path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request; to the gateway, with the local run's admin key, as docs/api.md sends it. */
    private HttpRequest.Builder request(URI uri) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        if (uri.getPort() == ports.get("gateway") && !uri.getPath().startsWith("/demo/")) {
            builder.header("Authorization", "Bearer " + suite.adminKey());
        }
        return builder;
    }

    private URI url(String service, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(service) + path);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

}
