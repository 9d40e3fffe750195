package org.iiifml.support.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The catalogue of problem types the suite answers with. The {@code type} URIs are stable: clients and
 * scripts may switch on them. docs/problems.md lists them; add new ones there too.
 */
public enum ProblemType {
    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad Request"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not Found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not Acceptable"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload Too Large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type"),
    UNPROCESSABLE("unprocessable", HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable Content"),
    TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests"),
    /** Any other 4xx a framework raises; its status is kept. */
    CLIENT_ERROR("client-error", HttpStatus.BAD_REQUEST, "Client Error"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal Error"),
    BAD_GATEWAY("bad-gateway", HttpStatus.BAD_GATEWAY, "Bad Gateway"),
    SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable"),
    GATEWAY_TIMEOUT("gateway-timeout", HttpStatus.GATEWAY_TIMEOUT, "Gateway Timeout");

    /** Absolute, stable and deliberately not an address: the documentation is docs/problems.md. */
    public static final String URI_PREFIX = "urn:iiif-ml:problem:";

    private final URI uri;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.uri = URI.create(URI_PREFIX + slug);
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return uri;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The type that names a status code the framework raised, {@link #CLIENT_ERROR} or {@link #INTERNAL_ERROR} if none does. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status.value() == status && type != CLIENT_ERROR) {
                return type;
            }
        }
        return status < 500 ? CLIENT_ERROR : INTERNAL_ERROR;
    }
}
