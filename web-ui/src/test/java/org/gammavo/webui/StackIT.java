package org.gammavo.webui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole platform as a user meets it: the launcher starts the real services from their built jars, a real KRaft
 * broker and a real PostgreSQL, and everything is reached through the gateway only.
 */
@ExtendWith(SharedStack.class)
class StackIT {

    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void up() {
        base = SharedStack.get().base();
    }

    @Test
    void healthShowsEveryServiceKafkaAndTheDatabaseUp() throws Exception {
        HttpResponse<String> r = get("/health", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode h = JSON.readTree(r.body());
        assertEquals("UP", h.path("status").asText());
        List<String> names = h.path("checks").findValuesAsText("name");
        assertTrue(names.containsAll(List.of("tap-service", "uws-service", "resolver-service", "slurm-bridge", "kafka",
                "database")), names.toString());
        h.path("checks").forEach(c -> assertEquals("UP", c.path("status").asText(), c.toString()));
    }

    @Test
    void gatewayRoutesLikeTheIngress() throws Exception {
        HttpResponse<String> ui = get("/", null);
        assertEquals(200, ui.statusCode());
        assertTrue(ui.body().contains("<html"), ui.body());
        HttpResponse<String> tap = get("/tap/availability", null);
        assertEquals(200, tap.statusCode());
        assertTrue(tap.body().contains("<vosi:available>true</vosi:available>"), tap.body());
        assertEquals(200, get("/uws", "alice:alice").statusCode());
        assertEquals(200, get("/resolver/", null).statusCode());
        // An unknown client-side route of the single-page app falls back to index.html.
        assertEquals(200, get("/jobs/some-job", null).statusCode());
    }

    /** uws-service → Kafka → slurm-bridge (runs the job) → Kafka → uws-service (the job changes phase). */
    @Test
    void aJobCrossesFromUwsToTheExecutorAndBackOverKafka() throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/uws/selftest"))
                .header("Authorization", basic("alice:alice"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("PHASE=RUN")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(base + "/uws/selftest/"), "Location goes through the gateway: " + location);

        String phase = "";
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            phase = HTTP.send(HttpRequest.newBuilder(URI.create(location + "/phase"))
                    .header("Authorization", basic("alice:alice")).build(), HttpResponse.BodyHandlers.ofString())
                    .body().trim();
            if (List.of("COMPLETED", "ERROR", "ABORTED").contains(phase)) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("COMPLETED", phase);
    }

    private static HttpResponse<String> get(String path, String userPassword) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (userPassword != null) {
            b.header("Authorization", basic(userPassword));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes());
    }
}
