package org.iiifml.suite.localrun;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.stream.Collectors;

/** API keys made through a gateway's admin endpoint, as an operator makes one key per client program. */
public final class GatewayKeys {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GatewayKeys() {
    }

    /** @return the new key's secret, shown this once */
    public static String create(String gateway, String adminKey, String client, String... scopes) throws IOException, InterruptedException {
        String json = "{\"client\":\"" + client + "\",\"scopes\":["
                + Arrays.stream(scopes).map(s -> "\"" + s + "\"").collect(Collectors.joining(",")) + "]}";
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/admin/keys"))
                .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("a key for " + client + ": " + created.statusCode() + " " + created.body());
        }
        return created.body().replaceAll("(?s).*\"secret\":\"([^\"]*)\".*", "$1");
    }
}
