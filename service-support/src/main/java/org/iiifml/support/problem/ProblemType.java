package org.iiifml.support.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The catalogue of problem types the suite answers with. The {@code type} URIs are stable: clients and
 * scripts may switch on them. docs/problems.md lists them; add new ones there too.
 */
public enum ProblemType {
    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad Request"),
    /** No credential, or one that is unknown, expired, revoked or not valid. */
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Unauthenticated"),
    /** A valid credential without the scope the operation needs. */
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not Found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not Acceptable"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload Too Large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type"),
    UNPROCESSABLE("unprocessable", HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable Content"),
    TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests"),
    /** The request's headers did not arrive within suite.server.header-timeout. */
    REQUEST_TIMEOUT("request-timeout", HttpStatus.REQUEST_TIMEOUT, "Request Timeout"),
    /** The request line is longer than server.netty.max-initial-line-length. */
    URI_TOO_LONG("uri-too-long", HttpStatus.URI_TOO_LONG, "URI Too Long"),
    /** The request's headers are larger than server.max-http-request-header-size. */
    HEADERS_TOO_LARGE("headers-too-large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request Header Fields Too Large"),
    /** Any other 4xx a framework raises; its status is kept. */
    CLIENT_ERROR("client-error", HttpStatus.BAD_REQUEST, "Client Error"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal Error"),
    BAD_GATEWAY("bad-gateway", HttpStatus.BAD_GATEWAY, "Bad Gateway"),
    SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable"),
    GATEWAY_TIMEOUT("gateway-timeout", HttpStatus.GATEWAY_TIMEOUT, "Gateway Timeout"),

    // Fetching from outside IIIF servers (iiif-fetcher). Listed after the generic types, which forStatus prefers.
    /** The URL given is not one the fetcher contacts: scheme, credentials, a private or local address. */
    URL_REFUSED("url-refused", HttpStatus.BAD_REQUEST, "URL Refused"),
    /** The outside server has no such document (404 or 410). */
    UPSTREAM_NOT_FOUND("upstream-not-found", HttpStatus.NOT_FOUND, "Not Found Upstream"),
    /** The outside server refused the request (a 4xx other than 404, 410 and 429). */
    UPSTREAM_REFUSED("upstream-refused", HttpStatus.UNPROCESSABLE_CONTENT, "Refused Upstream"),
    UPSTREAM_TOO_LARGE("upstream-too-large", HttpStatus.UNPROCESSABLE_CONTENT, "Upstream Document Too Large"),
    TOO_MANY_REDIRECTS("too-many-redirects", HttpStatus.UNPROCESSABLE_CONTENT, "Too Many Redirects"),
    /** The document is not valid JSON, or not the IIIF resource asked for. */
    NOT_IIIF("not-iiif", HttpStatus.UNPROCESSABLE_CONTENT, "Not a IIIF Resource"),
    /** An image whose header says it has more pixels than the service decodes. */
    IMAGE_TOO_LARGE("image-too-large", HttpStatus.UNPROCESSABLE_CONTENT, "Image Too Large"),
    /** The outside server asks to wait longer than the fetcher waits; Retry-After says how long. */
    UPSTREAM_BUSY("upstream-busy", HttpStatus.SERVICE_UNAVAILABLE, "Upstream Busy"),
    /** The outside server could not be reached or kept failing after retries. */
    UPSTREAM_UNAVAILABLE("upstream-unavailable", HttpStatus.BAD_GATEWAY, "Upstream Unavailable"),
    UPSTREAM_TIMEOUT("upstream-timeout", HttpStatus.GATEWAY_TIMEOUT, "Upstream Timeout"),

    // Jobs (every service that works on manifests and collections).
    /** The same Idempotency-Key came with a different request body. */
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency Key Reused"),
    /** A request with this Idempotency-Key is still being created; try again in a moment. */
    IDEMPOTENCY_KEY_IN_FLIGHT("idempotency-key-in-flight", HttpStatus.CONFLICT, "Request In Flight"),
    /** Cancel or retry asked of a job whose state does not allow it. */
    JOB_STATE_CONFLICT("job-state-conflict", HttpStatus.CONFLICT, "Job State Conflict"),
    /** A webhook was asked for, but this deployment has no webhook secret to sign with. */
    WEBHOOKS_NOT_CONFIGURED("webhooks-not-configured", HttpStatus.UNPROCESSABLE_CONTENT, "Webhooks Not Configured"),
    /** The manifest or collection has more items than one job takes. */
    TOO_MANY_ITEMS("too-many-items", HttpStatus.UNPROCESSABLE_CONTENT, "Too Many Items"),
    /** An item was claimed as often as allowed without finishing: its worker kept dying on it. */
    ITEM_ABANDONED("item-abandoned", HttpStatus.INTERNAL_SERVER_ERROR, "Item Abandoned"),

    // Models (classifier, extractor, colorizer).
    /** No loaded model has the name (or name:version) asked for. */
    MODEL_NOT_FOUND("model-not-found", HttpStatus.NOT_FOUND, "Model Not Found"),
    /** The service has no model to do its work with (none shipped, none imported); detail says how to get one. */
    NO_MODEL("no-model", HttpStatus.SERVICE_UNAVAILABLE, "No Model Installed"),
    /** The image's format is known but its data is broken or truncated. */
    IMAGE_UNREADABLE("image-unreadable", HttpStatus.UNPROCESSABLE_CONTENT, "Image Unreadable"),
    /** An administrative operation that this deployment has turned off. */
    ADMIN_DISABLED("admin-disabled", HttpStatus.FORBIDDEN, "Administration Disabled"),

    // Training (trainer).
    /** A training could not go on or its model could not be published: a loss that is not a number, memory exhausted, no data. */
    TRAINING_FAILED("training-failed", HttpStatus.UNPROCESSABLE_CONTENT, "Training Failed");

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
