package org.iiifml.gateway.limits;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same limits through Spring Cloud Gateway's RedisRateLimiter on the Redis at 127.0.0.1:6379 (as on
 * the development and CI machines). Where none answers, the test runs on the in-memory store instead and
 * says so, so the contract is still checked.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class RedisRateLimitTest extends RateLimitContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        limits(registry);
        boolean redis = reachable();
        if (!redis) {
            LoggerFactory.getLogger(RedisRateLimitTest.class).warn("No Redis on 127.0.0.1:6379: the Redis rate-limit test runs on the memory store");
        }
        registry.add("suite.gateway.rate-limit.store", () -> redis ? "redis" : "memory");
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> "6379");
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
