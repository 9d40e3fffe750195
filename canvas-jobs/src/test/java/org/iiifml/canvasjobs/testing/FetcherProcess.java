package org.iiifml.canvasjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.iiifml.jobs.TestDatabase;

/**
 * The packaged iiif-fetcher ({@code -Dfetcher.jar}) as its own process on a free port, its jobs in a fresh
 * schema of the test database, allowed to reach this machine (the local IIIF server).
 */
public final class FetcherProcess implements AutoCloseable {

    private final Process process;
    private final String baseUrl;

    private FetcherProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    public static FetcherProcess start(String name) throws Exception {
        String jar = System.getProperty("fetcher.jar");
        assertThat(jar).as("-Dfetcher.jar names the packaged iiif-fetcher").isNotNull();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestDatabase.Server db = TestDatabase.server();
        Path log = Path.of("target", "fetcher-" + name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                jar, "--server.port=" + port, "--suite.outbound.allow-loopback=true",
                "--suite.jobs.database.url=" + db.url(), "--suite.jobs.database.username=" + db.username(),
                "--suite.jobs.database.password=" + db.password(), "--suite.jobs.database.schema=" + TestDatabase.freshSchema())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            assertThat(process.isAlive()).as("the fetcher runs (log: %s)", log).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new FetcherProcess(process, "http://127.0.0.1:" + port);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("the fetcher is ready in time (log: %s)", log).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
