package org.iiifml.classifier.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.iiifml.support.testing.TestProcesses;

/**
 * The Python peer (src/test/python/peer.py: FastAPI, Pillow, NumPy, ONNX Runtime) started with uvicorn in
 * a virtual environment under target/, where its packages are there or pip can install them. Where they
 * cannot be had (no PyPI, no venv module), {@link #start} says why and the benchmark goes on without it.
 */
final class PythonPeer implements AutoCloseable {

    static final List<String> PACKAGES = List.of("onnxruntime", "pillow", "numpy", "fastapi", "uvicorn", "python-multipart");
    private static final Path VENV = Path.of("target/bench-peer-venv");
    private static final Path LOG = Path.of("target/bench-peer.log");

    private final Process process;
    final int port;

    private PythonPeer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @return the running peer, or empty after printing why there is none */
    static Optional<PythonPeer> start(Path model, int threads) throws IOException, InterruptedException {
        Files.createDirectories(LOG.getParent());
        // Absolute: uvicorn runs in the peer's folder.
        String python = VENV.resolve("bin/python").toAbsolutePath().toString();
        boolean ready = Files.exists(VENV.resolve("bin/python"))
                && run(List.of(python, "-c", "import onnxruntime, PIL, numpy, fastapi, uvicorn, multipart"), 60);
        if (!ready) {
            if (!run(List.of("python3", "-m", "venv", "--clear", VENV.toString()), 180)) {
                return skipped("python3 -m venv did not make an environment (no python3, or no venv module)");
            }
            List<String> install = new ArrayList<>(List.of(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"));
            install.addAll(PACKAGES);
            if (!run(install, 900)) {
                return skipped("pip could not install " + String.join(", ", PACKAGES) + " (no package index reachable?)");
            }
        }
        int port = TestProcesses.freePort();
        ProcessBuilder builder = new ProcessBuilder(python, "-m", "uvicorn", "peer:app", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--log-level", "warning").directory(Path.of("src/test/python").toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
        builder.environment().put("PEER_MODEL", model.toAbsolutePath().toString());
        builder.environment().put("PEER_THREADS", Integer.toString(threads));
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // nothing left in the source tree
        PythonPeer peer = new PythonPeer(builder.start(), port);
        if (TestProcesses.awaitOk(peer.process, URI.create("http://127.0.0.1:" + port + "/docs"), Duration.ofSeconds(120))) {
            return Optional.of(peer);
        }
        peer.close();
        return skipped("the peer did not start; see " + LOG);
    }

    URI classify() {
        return URI.create("http://127.0.0.1:" + port + "/classify?topK=5");
    }

    private static Optional<PythonPeer> skipped(String why) {
        System.out.println("bench: the Python peer is skipped: " + why + "; its lines are not printed");
        return Optional.empty();
    }

    private static boolean run(List<String> command, int seconds) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile())).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        TestProcesses.stop(process, Duration.ofSeconds(20));
    }
}
