package org.iiifml.support.problem;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every error that reaches the web layer into an {@code application/problem+json} response with a
 * stable type. It runs before Boot's default handler, so no request ever sees Boot's error attributes or a
 * stack trace; server errors are logged here with the request id the client also receives.
 */
public class ProblemWebExceptionHandler implements WebExceptionHandler {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        Problem problem = toProblem(exchange.getRequest(), error);
        if (problem.status() >= 500 && problem.type() == ProblemType.INTERNAL_ERROR) {
            log.error("Request {} {} failed (request id {})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), exchange.getRequest().getId(), error);
        } else if (problem.status() >= 500) {
            log.warn("Request {} {} answered {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), problem.status(), error.toString());
        }
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf(problem.status()));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(PROBLEM_JSON);
        if (error instanceof ResponseStatusException rse) {
            rse.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                    headers.put(name, values);
                }
            });
        }
        if (error instanceof ProblemException pe && pe.properties().get("retryAfterSeconds") instanceof Number seconds) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds.longValue()));
        }
        byte[] body = json.writeValueAsString(problem.toMap()).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    Problem toProblem(ServerHttpRequest request, Throwable error) {
        String instance = request.getPath().value();
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("requestId", request.getId());
        if (error instanceof ProblemException pe) {
            extensions.putAll(pe.properties());
            return new Problem(pe.type(), pe.type().status().value(), pe.getMessage(), instance, extensions);
        }
        if (error instanceof WebExchangeBindException bind) {
            List<String> errors = bind.getFieldErrors().stream()
                    .map(fe -> fe.getField() + ": " + fe.getDefaultMessage())
                    .toList();
            extensions.put("errors", errors);
            return new Problem(ProblemType.BAD_REQUEST, 400, "The request body is not valid.", instance, extensions);
        }
        if (error instanceof ConstraintViolationException violations) {
            // Parameters that break the contract's constraints (minimum, maximum, pattern, size).
            return invalidParameters(violations.getConstraintViolations().stream()
                    .map(v -> parameterName(v.getPropertyPath().toString()) + ": " + v.getMessage()).toList(), instance, extensions);
        }
        if (error instanceof HandlerMethodValidationException invalid) {
            return invalidParameters(invalid.getParameterValidationResults().stream()
                    .flatMap(r -> r.getResolvableErrors().stream()
                            .map(e -> r.getMethodParameter().getParameterName() + ": " + e.getDefaultMessage())).toList(),
                    instance, extensions);
        }
        if (error instanceof ResponseStatusException rse) {
            int status = rse.getStatusCode().value();
            if (hasCause(rse, DataBufferLimitException.class)) {
                return new Problem(ProblemType.PAYLOAD_TOO_LARGE, 413, "The request body is larger than this service accepts.",
                        instance, extensions);
            }
            if (hasCause(rse, DecodingException.class) && status == 400) {
                return new Problem(ProblemType.BAD_REQUEST, 400, "The request body could not be read: it is not valid for this operation.",
                        instance, extensions);
            }
            ProblemType type = ProblemType.forStatus(status);
            return new Problem(type, status, detailFor(request, rse, status, rse.getReason()), instance, extensions);
        }
        // An exception that declares its own status (the gateway's open circuit breaker: 503) keeps it.
        ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(error.getClass(), ResponseStatus.class);
        if (declared != null && declared.code().value() >= 400) {
            int status = declared.code().value();
            return new Problem(ProblemType.forStatus(status), status,
                    detailFor(request, error, status, declared.reason().isEmpty() ? null : declared.reason()), instance, extensions);
        }
        if (hasCause(error, DataBufferLimitException.class)) {
            return new Problem(ProblemType.PAYLOAD_TOO_LARGE, 413, "The request body is larger than this service accepts.",
                    instance, extensions);
        }
        if (hasCause(error, DecodingException.class)) {
            // A body the codecs could not read as it claims to be: a multipart body without its boundary or its
            // end, with too many parts or part headers too large. The client's mistake, not the service's.
            return new Problem(ProblemType.BAD_REQUEST, 400, "The request body could not be read: it is not what its Content-Type says.",
                    instance, extensions);
        }
        if (hasCause(error, ConnectException.class) || hasCause(error, UnknownHostException.class)) {
            return new Problem(ProblemType.SERVICE_UNAVAILABLE, 503,
                    "A service needed for this request is not reachable; try again later.", instance, extensions);
        }
        if (hasCause(error, TimeoutException.class) || hasCause(error, io.netty.handler.timeout.TimeoutException.class)) {
            return new Problem(ProblemType.GATEWAY_TIMEOUT, 504,
                    "A service needed for this request did not answer in time.", instance, extensions);
        }
        return new Problem(ProblemType.INTERNAL_ERROR, 500,
                "The service failed to process this request; the request id identifies it in the service log.",
                instance, extensions);
    }

    private static String detailFor(ServerHttpRequest request, Throwable error, int status, String reason) {
        if (status == 404) {
            return "Nothing is served at " + request.getMethod() + " " + request.getPath().value() + ".";
        }
        if (error instanceof MethodNotAllowedException mna) {
            return request.getMethod() + " is not allowed here; allowed: " + mna.getSupportedMethods() + ".";
        }
        if (status >= 500) {
            return status == 503 ? "A service needed for this request is not available; try again later."
                    : "The service failed to process this request; the request id identifies it in the service log.";
        }
        // Framework reasons for 4xx name the parameter or media type at fault and carry no internals.
        return reason != null ? reason : HttpStatus.valueOf(status).getReasonPhrase();
    }

    private static Problem invalidParameters(List<String> errors, String instance, Map<String, Object> extensions) {
        List<String> sorted = errors.stream().sorted().toList();
        extensions.put("errors", sorted);
        return new Problem(ProblemType.BAD_REQUEST, 400, "The request's parameters are not valid: " + String.join("; ", sorted) + ".",
                instance, extensions);
    }

    /** {@code getImage.width} → {@code width}. */
    private static String parameterName(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
