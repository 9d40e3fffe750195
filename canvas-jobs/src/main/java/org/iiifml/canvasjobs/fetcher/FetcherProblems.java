package org.iiifml.canvasjobs.fetcher;

import java.util.Map;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What went wrong in a call to the iiif-fetcher, as the problem a model service passes on: the
 * fetcher's own problem (its type, status and detail, e.g. upstream-not-found for a missing manifest)
 * when it answered with one, service-unavailable when it could not be reached.
 */
public final class FetcherProblems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FetcherProblems() {
    }

    /** Runs a blocking call to the fetcher (on a worker's own thread), its failure translated. */
    public static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (translate(e) instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    public static Throwable translate(Throwable error) {
        if (error instanceof ProblemException) {
            return error;
        }
        if (error instanceof WebClientResponseException response) {
            try {
                JsonNode problem = JSON.readTree(response.getResponseBodyAsByteArray());
                String type = problem.path("type").asString("");
                for (ProblemType known : ProblemType.values()) {
                    if (known.uri().toString().equals(type)) {
                        Map<String, Object> extensions = problem.has("retryAfterSeconds")
                                ? Map.of("retryAfterSeconds", problem.get("retryAfterSeconds").asLong()) : Map.of();
                        return new ProblemException(known, problem.path("detail").asString(known.title()), extensions, error);
                    }
                }
            } catch (RuntimeException notAProblem) {
                // fall through: an answer that is not a problem document
            }
            return new ProblemException(ProblemType.BAD_GATEWAY,
                    "the iiif-fetcher answered HTTP " + response.getStatusCode().value(), Map.of(), error);
        }
        if (error instanceof WebClientRequestException) {
            return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "the iiif-fetcher could not be reached", Map.of(), error);
        }
        return error;
    }
}
