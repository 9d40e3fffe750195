package org.iiifml.classifier;

import java.util.List;
import org.iiifml.support.testing.ServiceConventionsTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "suite.fetcher.base-url=" + ServiceConventionsTest.UNREACHABLE)
@AutoConfigureWebTestClient
class ClassifierServiceTest extends ServiceConventionsTest {

    ClassifierServiceTest() {
        super("classifier", "classifier-service", List.of("iiif-fetcher"));
    }
}
