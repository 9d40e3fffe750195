package org.iiifml.support.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's packaged jar started as its own process for a benchmark: on a free port, with its API
 * keys in an embedded PostgreSQL under {@code directory}, its first admin key in {@code directory/admin-key}
 * (when authentication is on), its log in {@code directory/gateway.log}, and the routes and settings given.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path directory;

    private GatewayProcess(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /**
     * @param jar gateway/target/gateway.jar
     * @param routes public prefix → service base URL
     * @param secret the identity secret the services share, or null
     * @param arguments more Spring arguments ({@code --suite.gateway.auth.enabled=false}, …)
     */
    public static GatewayProcess start(Path jar, Path directory, Map<String, String> routes, String secret, List<String> arguments)
            throws IOException, InterruptedException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the gateway module first");
        }
        Files.createDirectories(directory);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("java", "-Xmx384m", "-jar", jar.toString(), "--server.port=" + port,
                "--suite.jobs.database.embedded-directory=" + directory.resolve("postgres"),
                "--suite.gateway.keys.bootstrap-file=" + directory.resolve("admin-key")));
        routes.forEach((prefix, uri) -> command.add("--suite.gateway.services." + prefix + "=" + uri));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(directory.resolve("gateway.log").toFile());
        if (secret != null) {
            builder.environment().put("SUITE_IDENTITY_SECRET", secret);
        }
        GatewayProcess gateway = new GatewayProcess(builder.start(), port, directory);
        HttpClient probe = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && gateway.process.isAlive()) {
            try {
                if (probe.send(HttpRequest.newBuilder(URI.create(gateway.base() + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return gateway;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        gateway.close();
        throw new IllegalStateException("the gateway in " + directory + " did not start; see its gateway.log");
    }

    public int port() {
        return port;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The admin key it made on its first start (authentication on). */
    public String adminKey() throws IOException {
        return Files.readString(directory.resolve("admin-key")).trim();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
