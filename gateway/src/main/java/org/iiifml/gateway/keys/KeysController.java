package org.iiifml.gateway.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Key management for clients with the {@code admin} scope, at /api/admin/keys (the gateway's own). */
@RestController
@RequestMapping("/api/admin/keys")
class KeysController {

    private final ApiKeys keys;

    KeysController(ApiKeys keys) {
        this.keys = keys;
    }

    /**
     * @param client the client application the key is for: its jobs are its own
     * @param name what the key is for, e.g. "digitisation pipeline, 2027 rotation"
     * @param scopes one or more of read, run, train, admin
     * @param expiresAt when it stops working (default never)
     */
    record NewKey(String client, String name, Set<String> scopes, Instant expiresAt) {
    }

    @PostMapping
    Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody NewKey request) {
        return Mono.fromCallable(() -> {
            if (request.client() == null || request.scopes() == null) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "client and scopes are required");
            }
            try {
                ApiKey.Created created = keys.create(request.client(), request.name() == null ? request.client() : request.name(),
                        request.scopes(), request.expiresAt());
                return ResponseEntity.status(HttpStatus.CREATED).body(Map.<String, Object>of("key", created.key(), "secret", created.secret(),
                        "note", "the secret is shown this once; keep it where the client keeps its credentials"));
            } catch (IllegalArgumentException e) {
                throw new ProblemException(ProblemType.BAD_REQUEST, e.getMessage());
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping
    Mono<Map<String, List<ApiKey>>> list(@RequestParam(required = false) String client) {
        return Mono.fromCallable(() -> Map.of("keys", keys.list(client))).subscribeOn(Schedulers.boundedElastic());
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<ApiKey>> revoke(@PathVariable UUID id) {
        return Mono.fromCallable(() -> {
            if (!keys.revoke(id)) {
                ApiKey known = keys.get(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "there is no API key " + id));
                throw new ProblemException(ProblemType.CONFLICT, "the key was revoked at " + known.revokedAt());
            }
            return ResponseEntity.ok(keys.get(id).orElseThrow());
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
