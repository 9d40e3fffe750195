package org.iiifml.gateway.limits;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same limits through Spring Cloud Gateway's RedisRateLimiter, on the first Redis there is: the one at
 * 127.0.0.1:6379 (as on the development and CI machines), else a Testcontainers Redis where a Docker
 * engine answers. Where neither is there, the contract runs on the in-memory store and the test says so.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class RedisRateLimitTest extends RateLimitContract {

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimitTest.class);

    record Redis(String host, int port, String kind) {
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        limits(registry);
        Redis redis = find();
        if (redis == null) {
            log.warn("No Redis on 127.0.0.1:6379 and no Docker engine: the Redis rate-limit test runs on the memory store");
            registry.add("suite.gateway.rate-limit.store", () -> "memory");
            return;
        }
        log.info("The rate-limit test uses the {} Redis at {}:{}", redis.kind(), redis.host(), redis.port());
        registry.add("suite.gateway.rate-limit.store", () -> "redis");
        registry.add("spring.data.redis.host", redis::host);
        registry.add("spring.data.redis.port", () -> Integer.toString(redis.port()));
    }

    static Redis find() {
        if (reachable()) {
            return new Redis("127.0.0.1", 6379, "local");
        }
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
                return new Redis(container.getHost(), container.getMappedPort(6379), "Testcontainers");
            }
        } catch (RuntimeException | LinkageError e) {
            log.info("Docker answers but no Redis container started ({})", e.getMessage());
        }
        return null;
    }

    static boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
