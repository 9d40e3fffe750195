package org.iiifml.support.outbound;

import java.net.URI;
import org.springframework.http.HttpHeaders;

/**
 * A completed download: the URL it finally came from (after redirects), the status (200, or 304 for a
 * conditional request whose copy is still good), the headers and the body (empty on 304).
 */
public record Fetched(URI uri, int status, HttpHeaders headers, byte[] body) {

    public boolean notModified() {
        return status == 304;
    }

    public String contentType() {
        return headers.getFirst(HttpHeaders.CONTENT_TYPE);
    }
}
