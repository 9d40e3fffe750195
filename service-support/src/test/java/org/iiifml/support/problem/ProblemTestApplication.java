package org.iiifml.support.problem;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A minimal service with endpoints that fail in each way a real one can. */
@SpringBootApplication
public class ProblemTestApplication {

    record Order(@NotBlank String name, @Positive int quantity) {
    }

    @RestController
    static class FailingController {

        @GetMapping("/unprocessable")
        Mono<String> unprocessable() {
            return Mono.error(new ProblemException(ProblemType.UNPROCESSABLE, "The manifest has no canvases.",
                    Map.of("manifestUrl", "https://example.org/iiif/manifest"), null));
        }

        @GetMapping("/busy")
        Mono<String> busy() {
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "The queue is full.",
                    Map.of("retryAfterSeconds", 7), null);
        }

        @GetMapping("/crash")
        Mono<String> crash() {
            throw new IllegalStateException("secret internal detail at /srv/models/x.onnx");
        }

        @GetMapping(value = "/json", produces = MediaType.APPLICATION_JSON_VALUE)
        Mono<Map<String, String>> json(@RequestParam String url) {
            return Mono.just(Map.of("url", url));
        }

        @PostMapping(value = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
        Mono<Map<String, Integer>> upload(@org.springframework.web.bind.annotation.RequestPart("image")
                org.springframework.http.codec.multipart.Part image) {
            return org.iiifml.support.upload.Uploads.read(image, org.springframework.util.unit.DataSize.ofKilobytes(64), "test.max-upload")
                    .map(bytes -> Map.of("bytes", bytes.length));
        }

        @PostMapping(value = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
        Mono<Order> order(@Valid @RequestBody Order order) {
            return Mono.just(order);
        }
    }
}
