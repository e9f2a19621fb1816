package org.gammavo.stack;

import org.gammavo.stack.gateway.Gateway;
import org.gammavo.stack.gateway.HealthAggregator;
import org.gammavo.stack.infra.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /health} answers 503 while any part is down, even when other parts inside the document are UP: CI and
 * operators wait on the status code alone (a nested "UP" once made a starting stack look ready).
 */
class GatewayHealthTest {

    @TempDir
    Path tmp;

    @Test
    void healthIs503UntilEverythingIsUp() throws Exception {
        int kafkaPort = EmbeddedInfraTest.freePort();
        try (EmbeddedKafka kafka = new EmbeddedKafka(kafkaPort, EmbeddedInfraTest.freePort(), tmp.resolve("k")).start();
             ServerSocket nobody = new ServerSocket(0)) {
            // Kafka is UP; the one "service" is a port where nothing speaks HTTP, and the database is unreachable.
            HealthAggregator health = new HealthAggregator(
                    Map.of("tap-service", "http://127.0.0.1:" + nobody.getLocalPort() + "/tap/q/health/ready"),
                    kafka.bootstrapServers(), "jdbc:postgresql://127.0.0.1:1/none", "u", "p");
            Gateway gateway = new Gateway().start(0, Map.of("tap-service", nobody.getLocalPort(),
                    "uws-service", nobody.getLocalPort(), "resolver-service", nobody.getLocalPort()),
                    tmp.resolve("no-web-root"), health);
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(r.body().contains("\"status\" : \"UP\""), "Kafka's own check is UP: " + r.body());
                assertEquals(503, r.statusCode(), r.body());
            } finally {
                gateway.close();
                health.close();
            }
        }
    }
}
