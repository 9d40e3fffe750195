package org.iiifml.suite.localrun;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iiifml.suite.SuiteLayout;

/**
 * The suite started by ./run-local.sh, as the README tells a user to, on free ports and with the jars
 * the build packaged. The script leads its own process group (setsid), as it does in a terminal.
 */
public final class LocalSuite implements AutoCloseable {

    private static final Map<String, String> PORT_VARIABLES = Map.of(
            "gateway", "GATEWAY_PORT", "iiif-fetcher", "FETCHER_PORT", "classifier-service", "CLASSIFIER_PORT",
            "extractor-service", "EXTRACTOR_PORT", "colorizer-service", "COLORIZER_PORT", "trainer-service", "TRAINER_PORT",
            "demo-source", "DEMO_PORT");

    private final Map<String, Integer> ports;
    private final Process process;
    private final Path output;
    private final Path runDir;

    private LocalSuite(Map<String, Integer> ports, Process process, Path output, Path runDir) {
        this.runDir = runDir;
        this.ports = ports;
        this.process = process;
        this.output = output;
    }

    /** Starts the suite and returns once run-local.sh says every service is ready. */
    public static LocalSuite start(Path runDir) throws IOException, InterruptedException {
        return start(runDir, Map.of());
    }

    /** The same, with more of run-local.sh's environment (SUITE_JAVA_OPTS, SUITE_ANONYMOUS, …). */
    public static LocalSuite start(Path runDir, Map<String, String> environment) throws IOException, InterruptedException {
        Path root = SuiteLayout.root();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String service : SuiteLayout.localRunPorts().keySet()) {
            ports.put(service, freePort());
        }
        Files.createDirectories(runDir);
        Path output = runDir.resolve("run-local.out");
        ProcessBuilder builder = new ProcessBuilder("setsid", "bash", root.resolve("run-local.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        ports.forEach((service, port) -> builder.environment().put(PORT_VARIABLES.get(service), port.toString()));
        builder.environment().put("SUITE_SKIP_BUILD", "1");
        builder.environment().put("SUITE_RUN_DIR", runDir.toString());
        builder.environment().put("SUITE_READY_TIMEOUT", "240");
        builder.environment().putAll(environment);
        LocalSuite suite = new LocalSuite(Collections.unmodifiableMap(ports), builder.start(), output, runDir);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!suite.output().contains("run-local: all services ready")) {
            if (!suite.process.isAlive() || System.nanoTime() > deadline) {
                suite.close();
                throw new IllegalStateException("run-local.sh did not bring the suite up:\n" + suite.output());
            }
            Thread.sleep(250);
        }
        return suite;
    }

    /** The admin API key the gateway made on its first start, as run-local.sh tells a user to read it. */
    public String adminKey() throws IOException {
        return Files.readString(runDir.resolve("admin-key")).trim();
    }

    /** The secret with which the gateway signs identities for the services. */
    public String identitySecret() throws IOException {
        return Files.readString(runDir.resolve("identity-secret")).trim();
    }

    public Map<String, Integer> ports() {
        return ports;
    }

    public int port(String service) {
        return ports.get(service);
    }

    public Process process() {
        return process;
    }

    public String output() throws IOException {
        return Files.readString(output);
    }

    /** A started service as run-local.sh reports it: its process id and the heap (-Xmx) it was given. */
    public record Started(long pid, int heapMb) {
    }

    /** Every service run-local.sh started, from the lines it prints ("started NAME (pid N, port P, heap H MB, ..."). */
    public Map<String, Started> started() throws IOException {
        Map<String, Started> started = new LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("run-local: started (\\S+) \\(pid (\\d+), port \\d+, heap (\\d+) MB")
                .matcher(output());
        while (m.find()) {
            started.put(m.group(1), new Started(Long.parseLong(m.group(2)), Integer.parseInt(m.group(3))));
        }
        return started;
    }

    /** Ends whatever is still running, forcibly; tests that check a clean stop do so before this. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
