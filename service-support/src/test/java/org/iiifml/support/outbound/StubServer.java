package org.iiifml.support.outbound;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An outside IIIF server stand-in on a real loopback socket: each test sets what it answers and reads
 * what it was asked.
 */
public final class StubServer implements AutoCloseable {

    public record Seen(String method, String uri, HttpHeaders headers) {
    }

    private final DisposableServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile boolean recording = true;
    private volatile BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler =
            (req, res) -> res.status(404).send();

    public StubServer() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    if (recording) {
                        seen.add(new Seen(req.method().name(), req.uri(), req.requestHeaders().copy()));
                    }
                    return handler.apply(req, res);
                })
                .bindNow();
    }

    /** Stops keeping what was asked: benchmarks send thousands of requests. */
    public void stopRecording() {
        recording = false;
    }

    public void answer(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        this.handler = handler;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public int port() {
        return server.port();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public static reactor.core.publisher.Mono<Void> json(HttpServerResponse res, String body) {
        return res.header("Content-Type", "application/json").sendString(reactor.core.publisher.Mono.just(body), StandardCharsets.UTF_8).then();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
