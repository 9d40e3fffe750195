package org.iiifml.canvasjobs.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iiifml.client.fetcher.ApiClient;
import org.iiifml.client.fetcher.api.AboutApi;
import org.iiifml.support.about.DependencyStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The fetcher probe over real sockets: a fetcher that answers, one that is down, one that hangs and one
 * that fails. The probe must report each truthfully and never fail the about endpoint itself.
 */
class FetcherProbeTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void answeringFetcherIsUpWithItsVersion() throws IOException {
        int port = serve("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                + "{\"service\":\"iiif-fetcher\",\"version\":\"9.9.9\",\"description\":\"\",\"dependencies\":[]}");
        DependencyStatus status = probe(port, Duration.ofSeconds(3)).probe().block();
        assertThat(status).isEqualTo(DependencyStatus.up("iiif-fetcher", "9.9.9"));
    }

    @Test
    void closedPortIsDownAsNotReachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DependencyStatus status = probe(port, Duration.ofSeconds(3)).probe().block();
        assertThat(status.status()).isEqualTo(DependencyStatus.Status.DOWN);
        assertThat(status.detail()).startsWith("not reachable");
    }

    @Test
    void silentFetcherIsDownAfterTheProbeTimeout() throws IOException {
        ServerSocket silent = new ServerSocket(0);
        open.add(silent);
        background(() -> {
            try {
                open.add(silent.accept()); // accept and never answer
            } catch (IOException ignored) {
                // closed by the test
            }
        });
        long start = System.nanoTime();
        DependencyStatus status = probe(silent.getLocalPort(), Duration.ofMillis(300)).probe().block();
        assertThat(status.status()).isEqualTo(DependencyStatus.Status.DOWN);
        assertThat(status.detail()).isEqualTo("no answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void failingFetcherIsDownWithItsStatus() throws IOException {
        int port = serve("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
                + "Connection: close\r\n\r\n{\"type\":\"urn:iiif-ml:problem:service-unavailable\",\"title\":\"x\",\"status\":503}");
        DependencyStatus status = probe(port, Duration.ofSeconds(3)).probe().block();
        assertThat(status).isEqualTo(DependencyStatus.down("iiif-fetcher", "answered HTTP 503"));
    }

    private FetcherProbe probe(int port, Duration timeout) {
        ApiClient client = new ApiClient(WebClient.create());
        client.setBasePath(URI.create("http://127.0.0.1:" + port).toString());
        return new FetcherProbe(new AboutApi(client), timeout);
    }

    private static void background(Runnable task) {
        Thread thread = new Thread(task, "fetcher-stand-in");
        thread.setDaemon(true);
        thread.start();
    }

    /** A one-response HTTP server on a real socket, standing in for a fetcher in a given state. */
    private int serve(String response) throws IOException {
        ServerSocket server = new ServerSocket(0);
        open.add(server);
        background(() -> {
            try (Socket socket = server.accept()) {
                socket.getInputStream().read(new byte[8192]);
                OutputStream out = socket.getOutputStream();
                out.write(response.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException ignored) {
                // closed by the test
            }
        });
        return server.getLocalPort();
    }
}
