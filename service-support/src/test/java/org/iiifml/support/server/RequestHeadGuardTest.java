package org.iiifml.support.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.iiifml.support.problem.ProblemTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What Reactor Netty answers before WebFlux sees a request, on a real socket: slow headers, an overlong
 * request line and oversized headers are problems (408, 414, 431), and the connection is closed after.
 */
@SpringBootTest(classes = ProblemTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.import=classpath:suite-defaults.yaml", "suite.server.header-timeout=1s"})
class RequestHeadGuardTest {

    @LocalServerPort
    int port;

    /** Sends {@code head} and reads the whole answer until the server closes the connection. */
    private String exchange(String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aWellFormedRequestStillGetsThrough() throws IOException {
        String answer = exchange("GET /nothing/here HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 404").contains("urn:iiif-ml:problem:not-found");
    }

    @Test
    void anOverlongRequestLineIsA414Problem() throws IOException {
        String answer = exchange("GET /json?url=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 414").contains("application/problem+json")
                .contains("urn:iiif-ml:problem:uri-too-long").contains("server.netty.max-initial-line-length")
                .contains("connection: close");
    }

    @Test
    void oversizedHeadersAreA431Problem() throws IOException {
        String answer = exchange("GET /json?url=x HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431").contains("urn:iiif-ml:problem:headers-too-large")
                .contains("server.max-http-request-header-size");
    }

    /**
     * Headers trickled a byte every 100 ms never finish; at 1 s (the timeout in this test) the server answers
     * 408 and closes, where it used to hold the connection for as long as the client kept sending.
     */
    @Test
    void headersTrickledPastTheTimeoutAreA408AndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(100);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /json?url=x HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            StringBuilder answer = new StringBuilder();
            long start = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - start < 10_000_000_000L) {
                try {
                    out.write('a');
                    out.flush();
                } catch (IOException e) {
                    // the server closed its side: the rest of the answer is still to be read
                }
                try {
                    int b;
                    while ((b = in.read()) >= 0) {
                        answer.append((char) b);
                    }
                    closed = true;
                } catch (java.net.SocketTimeoutException e) {
                    // nothing yet: send the next byte
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("the connection was closed").isTrue();
            assertThat(answer.toString()).startsWith("HTTP/1.1 408").contains("urn:iiif-ml:problem:request-timeout")
                    .contains("suite.server.header-timeout");
        }
    }
}
