package org.iiifml.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.json.JsonMapper;

/** What the services' HTTP tests check and send again and again. */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /** The answer is a problem document of this status and type ({@code urn:iiif-ml:problem:<type>}). */
    public static void assertProblem(EntityExchangeResult<byte[]> result, int status, String type) {
        byte[] body = result.getResponseBodyContent() == null ? new byte[0] : result.getResponseBodyContent();
        assertThat(result.getStatus().value()).as(new String(body)).isEqualTo(status);
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JSON.readTree(body).get("type").asString()).isEqualTo("urn:iiif-ml:problem:" + type);
    }

    /** A multipart form with the file part {@code image} (page.jpg), or no part at all for null. */
    public static MultiValueMap<String, HttpEntity<?>> imageForm(byte[] bytes) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        if (bytes != null) {
            body.part("image", new ByteArrayResource(bytes) {
                @Override
                public String getFilename() {
                    return "page.jpg";
                }
            });
        }
        return body.build();
    }
}
