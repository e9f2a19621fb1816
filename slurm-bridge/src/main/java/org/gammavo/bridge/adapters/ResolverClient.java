package org.gammavo.bridge.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gammavo.bridge.domain.TargetResolver;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@link TargetResolver} over the resolver service's JSON API: {@code GET <url>/api/resolve?name=} → ra, dec. */
public class ResolverClient implements TargetResolver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param url the resolver's base URL, e.g. {@code http://127.0.0.1:8093/resolver}; empty if there is none */
    public ResolverClient(String url) {
        this.url = url == null ? "" : url.replaceAll("/+$", "");
    }

    @Override
    public double[] resolve(String name) {
        if (url.isEmpty()) {
            throw new IllegalArgumentException("no resolver configured (GAMMAVO_RESOLVER_URL); give ra and dec");
        }
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url + "/api/resolve?name="
                            + URLEncoder.encode(name, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(15)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 404) {
                throw new IllegalArgumentException("unknown to the resolver");
            }
            if (res.statusCode() != 200) {
                throw new IllegalArgumentException("the resolver answered HTTP " + res.statusCode());
            }
            JsonNode j = JSON.readTree(res.body());
            if (!j.path("ra").isNumber() || !j.path("dec").isNumber()) {
                throw new IllegalArgumentException("the resolver gave no position");
            }
            return new double[]{j.get("ra").asDouble(), j.get("dec").asDouble()};
        } catch (IOException e) {
            throw new IllegalArgumentException("the resolver at " + url + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted", e);
        }
    }
}
