package org.iiifml.gateway.security;

import java.util.Set;
import java.util.regex.Pattern;
import org.iiifml.support.identity.ClientIdentity;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The scope each operation needs: reading anything is {@code read}; starting or changing work is
 * {@code run}, training is {@code train}; key management, the gateway's actuator and changing a service's
 * models (import, reload: {@code POST /api/<prefix>/models…}) are {@code admin}.
 */
final class RouteScopes {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Pattern MODELS = Pattern.compile("^/api/[a-z][a-z0-9-]*/models(/.*)?$");

    private RouteScopes() {
    }

    static String needed(ServerHttpRequest request) {
        String path = request.getPath().value();
        if (path.startsWith("/api/admin/") || path.equals("/api/admin") || path.startsWith("/actuator")) {
            return ClientIdentity.ADMIN;
        }
        if (READS.contains(request.getMethod())) {
            return ClientIdentity.READ;
        }
        if (MODELS.matcher(path).matches()) {
            return ClientIdentity.ADMIN;
        }
        return path.startsWith("/api/trainer/") ? ClientIdentity.TRAIN : ClientIdentity.RUN;
    }
}
