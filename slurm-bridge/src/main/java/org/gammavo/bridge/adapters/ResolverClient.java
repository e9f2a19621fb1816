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

/**
 * {@link TargetResolver} over the resolver service's JSON API: {@code GET <url>/api/resolve?name=} → ra, dec.
 * Only a 404 (or another 4xx) says the name is unknown; no answer, 5xx, 429 or a 200 without a position say that the
 * resolver is away, and the job waits for it (docs/chaos.md, finding 4).
 */
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
            throw new TargetResolver.UnknownTargetException("no resolver configured (GAMMAVO_RESOLVER_URL); give ra and dec");
        }
        String unavailable = "cannot resolve target '" + name + "' yet: the resolver at " + url;
        HttpResponse<String> res;
        try {
            res = http.send(HttpRequest.newBuilder(URI.create(url + "/api/resolve?name="
                            + URLEncoder.encode(name, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(15)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Refused, reset, timed out: the resolver is down or restarting, not a verdict on the name.
            throw new TargetResolver.ResolverUnavailableException(unavailable + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetResolver.ResolverUnavailableException(unavailable + ": interrupted", e);
        }
        int status = res.statusCode();
        if (status == 404) {
            throw new TargetResolver.UnknownTargetException("unknown to the resolver");
        }
        if (status >= 500 || status == 429 || status == 408) {
            throw new TargetResolver.ResolverUnavailableException(unavailable + " answered HTTP " + status, null);
        }
        if (status != 200) {
            // Any other 4xx: the resolver refuses the name itself (e.g. 400 for an empty or malformed name).
            throw new TargetResolver.UnknownTargetException("the resolver refused the name (HTTP " + status + ")");
        }
        try {
            JsonNode j = JSON.readTree(res.body());
            if (j.path("ra").isNumber() && j.path("dec").isNumber()) {
                return new double[]{j.get("ra").asDouble(), j.get("dec").asDouble()};
            }
        } catch (IOException e) {
            // handled below: a 200 without a position is the resolver's fault, not the name's
        }
        throw new TargetResolver.ResolverUnavailableException(unavailable + " answered without a position: "
                + (res.body().length() > 200 ? res.body().substring(0, 200) + "…" : res.body()), null);
    }
}
