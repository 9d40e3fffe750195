package org.iiifml.gateway.security;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What is answered without a credential: GET and HEAD of the anonymous paths, and every CORS preflight
 * (which carries none). Decided in one pass over patterns parsed once, so that an authenticated request
 * pays for no reactive matcher per open path.
 */
final class OpenPaths {

    private final List<PathPattern> patterns;

    OpenPaths(List<String> paths) {
        this.patterns = paths.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    boolean permits(ServerHttpRequest request) {
        HttpMethod method = request.getMethod();
        if (HttpMethod.OPTIONS.equals(method)) {
            return true;
        }
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return false;
        }
        PathContainer path = request.getPath().pathWithinApplication();
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
