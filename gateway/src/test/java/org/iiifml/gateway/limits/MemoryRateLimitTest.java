package org.iiifml.gateway.limits;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The limits with buckets in the gateway's memory (the local run's store). */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "suite.gateway.rate-limit.store=memory")
@AutoConfigureWebTestClient(timeout = "20s")
class MemoryRateLimitTest extends RateLimitContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        limits(registry);
    }
}
