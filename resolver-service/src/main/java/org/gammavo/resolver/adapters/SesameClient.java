package org.gammavo.resolver.adapters;

import org.gammavo.resolver.domain.SkyObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a CDS Sesame server for one name ({@code <base>-oI/A?<name>}, plain text).
 *
 * <p>Sesame takes the name as the bare query string, with no parameter name, which a typed REST client interface
 * cannot express; the JDK's HTTP client does it in three lines. Timeouts and the circuit breaker are the caller's
 * ({@link SesameUpstream}).
 */
public final class SesameClient {

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base    Sesame's base URL, e.g. {@code https://cds.unistra.fr/cgi-bin/nph-sesame/}
     * @param timeout connect and response timeout
     */
    public SesameClient(URI base, Duration timeout) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * @return the object, or empty when Sesame found nothing
     * @throws UncheckedIOException when Sesame could not be reached or did not answer 200 in time
     */
    public Optional<SkyObject> resolve(String name) {
        // Space as %20, not '+': Sesame reads the query literally and '+' is part of many names.
        String q = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        HttpRequest request = HttpRequest.newBuilder(base.resolve("-oI/A?" + q)).timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("Sesame answered HTTP " + response.statusCode());
            }
            return SesameTextParser.parse(name, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Sesame at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
