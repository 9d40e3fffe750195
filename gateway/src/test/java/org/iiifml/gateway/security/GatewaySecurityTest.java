package org.iiifml.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.iiifml.gateway.keys.ApiKeys;
import org.iiifml.support.identity.ClientIdentity;
import org.iiifml.support.identity.IdentitySigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Authentication at the gateway on a real port, in front of a downstream that echoes the identity header it
 * receives, with API keys in a real PostgreSQL and JWTs checked against a JWKS served on loopback. Every
 * credential case, scopes, the signed identity, the admin key endpoints, size and content-type limits, CORS
 * and the secure headers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "suite.identity.secret=" + GatewaySecurityTest.SECRET,
        "suite.gateway.auth.jwt.issuer=https://issuer.example/",
        "suite.gateway.auth.jwt.audiences=iiif-ml-suite",
        "suite.gateway.auth.jwt.scope-prefix=iiifml:",
        "suite.gateway.requests.cors-allowed-origins=https://library.example",
        "suite.gateway.trusted-proxies=127.0.0.0/8",
        "suite.gateway.rate-limit.enabled=false"})
@AutoConfigureWebTestClient(timeout = "20s")
class GatewaySecurityTest {

    static final String SECRET = "gateway-test-secret-of-at-least-32-chars";
    static final RSAKey SIGNING = rsa("good");
    static final RSAKey OTHER = rsa("other");

    private static final DisposableServer DOWNSTREAM = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes
                    .get("/jwks", (req, res) -> res.header("Content-Type", "application/json")
                            .sendString(Mono.just(new JWKSet(SIGNING.toPublicJWK()).toString())))
                    .route(req -> true, (req, res) -> res.header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"identity\":\"" + req.requestHeaders().get(IdentitySigner.HEADER) + "\",\"path\":\""
                                    + req.path() + "\",\"method\":\"" + req.method() + "\"}"))))
            .bindNow();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("suite.gateway.services.iiif", () -> "http://127.0.0.1:" + DOWNSTREAM.port());
        registry.add("suite.gateway.services.trainer", () -> "http://127.0.0.1:" + DOWNSTREAM.port());
        registry.add("suite.gateway.auth.jwt.jwk-set-uri", () -> "http://127.0.0.1:" + DOWNSTREAM.port() + "/jwks");
    }

    @AfterAll
    static void stop() {
        DOWNSTREAM.disposeNow();
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApiKeys keys;

    final IdentitySigner signer = new IdentitySigner(SECRET, Duration.ofMinutes(2));

    String key(String client, String... scopes) {
        return keys.create(client, "test", Set.of(scopes), null).secret();
    }

    WebTestClient.ResponseSpec get(String path, String credential) {
        var request = client.get().uri(path);
        if (credential != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + credential);
        }
        return request.exchange();
    }

    WebTestClient.ResponseSpec post(String path, String credential) {
        return client.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + credential)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }

    static void isProblem(WebTestClient.ResponseSpec response, int status, String type) {
        response.expectStatus().isEqualTo(status).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:" + type).jsonPath("$.detail").exists();
    }

    @Test
    void noCredentialOrAnUnknownOneIsA401WithWwwAuthenticate() {
        var none = get("/api/iiif/manifest", null);
        none.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"iiif-ml-suite\"");
        isProblem(none, 401, "unauthenticated");
        var unknown = get("/api/iiif/manifest", ApiKeys.PREFIX + "not-a-key-anyone-was-given");
        unknown.expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).contains("invalid_token"));
        isProblem(unknown, 401, "unauthenticated");
        isProblem(client.get().uri("/api/iiif/manifest").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz").exchange(), 401, "unauthenticated");
    }

    @Test
    void aKeyWorksUntilItExpiresOrIsRevoked() throws InterruptedException {
        String live = key("reader", "read");
        get("/api/iiif/manifest", live).expectStatus().isOk();
        String shortLived = keys.create("reader", "short", Set.of("read"), Instant.now().plusMillis(1200)).secret();
        get("/api/iiif/manifest", shortLived).expectStatus().isOk();
        Thread.sleep(1500);
        isProblem(get("/api/iiif/manifest", shortLived), 401, "unauthenticated");
        var id = keys.list("reader").stream().filter(k -> k.name().equals("test")).findFirst().orElseThrow().id();
        keys.revoke(id);
        isProblem(get("/api/iiif/manifest", live), 401, "unauthenticated");
    }

    @Test
    void aScopeTheKeyLacksIsA403AndTheRightOneGetsThrough() {
        String reader = key("scoped", "read");
        String runner = key("scoped", "read", "run");
        var denied = post("/api/iiif/jobs", reader);
        denied.expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).contains("insufficient_scope").contains("run"));
        isProblem(denied, 403, "forbidden");
        post("/api/iiif/jobs", runner).expectStatus().isOk();
        isProblem(post("/api/trainer/jobs", runner), 403, "forbidden");
        post("/api/trainer/jobs", key("trainer", "train")).expectStatus().isOk();
        isProblem(get("/api/admin/keys", runner), 403, "forbidden");
        isProblem(get("/actuator/prometheus", runner), 403, "forbidden");
        isProblem(post("/api/iiif/models", runner), 403, "forbidden");
        get("/api/iiif/models", reader).expectStatus().isOk();
        post("/api/iiif/models", key("operator", "admin")).expectStatus().isOk();
    }

    @Test
    void theServiceLearnsTheClientFromASignedHeaderAndNeverFromTheCaller() {
        String forged = signer.sign(new ClientIdentity("someone-else", ClientIdentity.ALL_SCOPES), "GET", "/api/iiif/manifest", Instant.now());
        byte[] body = client.get().uri("/api/iiif/manifest").header(HttpHeaders.AUTHORIZATION, "Bearer " + key("signed", "read", "run"))
                .header(IdentitySigner.HEADER, forged).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBodyContent();
        String header = new String(body).replaceAll("(?s).*\"identity\":\"([^\"]*)\".*", "$1");
        var identity = signer.verify(header, "GET", "/api/iiif/manifest", Instant.now()).orElseThrow();
        assertThat(identity.client()).isEqualTo("signed");
        assertThat(identity.scopes()).containsExactlyInAnyOrder("read", "run");
        assertThat(signer.verify(header, "POST", "/api/iiif/jobs", Instant.now())).isEmpty();
    }

    @Test
    void tokensFromTheConfiguredIssuerAreTakenAndEveryBadOneIsA401() throws Exception {
        Instant now = Instant.now();
        String good = jwt(SIGNING, "https://issuer.example/", "iiif-ml-suite", "pipeline-7", "iiifml:read iiifml:run", now.plusSeconds(300));
        byte[] body = get("/api/iiif/manifest", good).expectStatus().isOk().expectBody().returnResult().getResponseBodyContent();
        String header = new String(body).replaceAll("(?s).*\"identity\":\"([^\"]*)\".*", "$1");
        assertThat(signer.verify(header, "GET", "/api/iiif/manifest", Instant.now()).orElseThrow().client()).isEqualTo("pipeline-7");
        post("/api/iiif/jobs", good).expectStatus().isOk();
        isProblem(post("/api/trainer/jobs", good), 403, "forbidden");

        isProblem(get("/api/iiif/manifest", jwt(OTHER, "https://issuer.example/", "iiif-ml-suite", "x", "iiifml:read", now.plusSeconds(300))),
                401, "unauthenticated");
        isProblem(get("/api/iiif/manifest", jwt(SIGNING, "https://elsewhere.example/", "iiif-ml-suite", "x", "iiifml:read", now.plusSeconds(300))),
                401, "unauthenticated");
        isProblem(get("/api/iiif/manifest", jwt(SIGNING, "https://issuer.example/", "another-api", "x", "iiifml:read", now.plusSeconds(300))),
                401, "unauthenticated");
        // Expired past the 60 s clock skew; one expired within it still passes.
        isProblem(get("/api/iiif/manifest", jwt(SIGNING, "https://issuer.example/", "iiif-ml-suite", "x", "iiifml:read", now.minusSeconds(120))),
                401, "unauthenticated");
        get("/api/iiif/manifest", jwt(SIGNING, "https://issuer.example/", "iiif-ml-suite", "x", "iiifml:read", now.minusSeconds(20)))
                .expectStatus().isOk();
    }

    @Test
    void anAdminCreatesListsAndRevokesKeysAndTheSecretIsShownOnce() {
        String admin = key("ops", "admin");
        byte[] created = client.post().uri("/api/admin/keys").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"client\":\"archive-pipeline\",\"name\":\"2027\",\"scopes\":[\"read\"]}")
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.secret").value(s -> assertThat(s.toString()).startsWith("iiifml_"))
                .returnResult().getResponseBodyContent();
        String secret = new String(created).replaceAll("(?s).*\"secret\":\"([^\"]*)\".*", "$1");
        String id = new String(created).replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
        get("/api/iiif/manifest", secret).expectStatus().isOk();
        String listed = new String(get("/api/admin/keys?client=archive-pipeline", admin).expectStatus().isOk().expectBody()
                .jsonPath("$.keys[0].lastUsedAt").exists().returnResult().getResponseBodyContent());
        assertThat(listed).doesNotContain(secret).doesNotContain(secret.substring(12)).contains(secret.substring(7, 13));
        client.delete().uri("/api/admin/keys/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + admin).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.revokedAt").exists();
        isProblem(get("/api/iiif/manifest", secret), 401, "unauthenticated");
        isProblem(client.post().uri("/api/admin/keys").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"client\":\"x\",\"scopes\":[\"everything\"]}").exchange(), 400, "bad-request");
    }

    @Test
    void openPathsNeedNoCredentialAndEverythingElseDoes() {
        get("/api-docs/iiif-fetcher.yaml", null).expectStatus().isOk();
        get("/actuator/health", null).expectStatus().isOk();
        isProblem(get("/actuator/prometheus", null), 401, "unauthenticated");
        isProblem(client.post().uri("/api-docs/iiif-fetcher.yaml").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(),
                401, "unauthenticated");
    }

    @Test
    void oversizedBodiesAndHeadersAndCrossSiteFormsAreRefused() {
        String runner = key("limits", "read", "run");
        isProblem(client.post().uri("/api/iiif/jobs").header(HttpHeaders.AUTHORIZATION, "Bearer " + runner)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"x\":\"" + "a".repeat(1_100_000) + "\"}").exchange(), 413, "payload-too-large");
        // Before authentication: an anonymous caller cannot make the gateway read a large body either.
        isProblem(client.post().uri("/api/iiif/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"x\":\"" + "a".repeat(1_100_000) + "\"}").exchange(), 413, "payload-too-large");
        isProblem(client.get().uri("/api/iiif/manifest").header(HttpHeaders.AUTHORIZATION, "Bearer " + runner)
                .header("X-Big", "b".repeat(40_000)).exchange(), 431, "headers-too-large");
        isProblem(client.post().uri("/api/iiif/jobs/00000000-0000-0000-0000-000000000000/cancel")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + runner)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("a=b").exchange(), 415, "unsupported-media-type");
        isProblem(client.post().uri("/api/iiif/jobs/00000000-0000-0000-0000-000000000000/cancel")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + runner).header(HttpHeaders.ORIGIN, "https://evil.example")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(), 403, "forbidden");
    }

    @Test
    void corsAnswersConfiguredOriginsOnly() {
        client.options().uri("/api/iiif/jobs").header(HttpHeaders.ORIGIN, "https://library.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://library.example")
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
        client.options().uri("/api/iiif/jobs").header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange()
                .expectStatus().isForbidden().expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        post("/api/iiif/jobs", key("cors", "run")).expectStatus().isOk();
    }

    @Test
    void everyAnswerCarriesTheSecureHeaders() {
        for (var response : List.of(get("/api/iiif/manifest", key("headers", "read")).expectStatus().isOk(),
                get("/api/iiif/manifest", null).expectStatus().isUnauthorized(), get("/api-docs/iiif-fetcher.yaml", null).expectStatus().isOk())) {
            response.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("X-Frame-Options", "DENY")
                    .expectHeader().value("Content-Security-Policy", v -> assertThat(v).contains("frame-ancestors 'none'").contains("default-src 'self'"))
                    .expectHeader().value(HttpHeaders.CACHE_CONTROL, v -> assertThat(v).contains("no-store"));
        }
    }

    @Test
    void hstsIsSentWhereThePublicAddressIsHttpsAsAnIngressInFrontSays() {
        client.get().uri("/actuator/health").exchange().expectHeader().doesNotExist("Strict-Transport-Security");
        client.get().uri("/actuator/health").header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "iiif.example.org").exchange()
                .expectHeader().valueEquals("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        client.get().uri("/api/iiif/manifest").header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "iiif.example.org").exchange()
                .expectStatus().isUnauthorized().expectHeader().exists("Strict-Transport-Security");
    }

    static String jwt(RSAKey key, String issuer, String audience, String subject, String scope, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject).claim("scope", scope)
                .issueTime(Date.from(expires.minusSeconds(600))).expirationTime(Date.from(expires)).build();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(SIGNING.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        token.sign(new RSASSASigner(key));
        return token.serialize();
    }

    private static RSAKey rsa(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID("k1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
