package org.iiifml.support.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        int port = TestProcesses.freePort();
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
        if (TestProcesses.awaitOk(gateway.process, URI.create(gateway.base() + "/actuator/health"), Duration.ofSeconds(120))) {
            return gateway;
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

    /** The CPU time the gateway's process has used so far (user and system), for a cost per request. */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("this platform does not report CPU time"));
    }

    @Override
    public void close() {
        TestProcesses.stop(process, Duration.ofSeconds(30));
    }
}
