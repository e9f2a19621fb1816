package org.gammavo.resolver.adapters;

import com.sun.net.httpserver.HttpServer;
import org.gammavo.resolver.domain.SkyObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upstream client against a small local HTTP server that answers in Sesame's plain-text form: a fake of the one
 * external boundary (CDS is unreachable here), used only in this unit test.
 */
class SesameClientTest {

    static final String NGC1275 = """
            # NGC 1275\t#Q1
            #=S=Simbad (via url):    1
            %@ 1
            %I.0 NGC  1275
            %C.0 Sy2
            %J 049.9506671 +41.5116953 = 03:19:48.16 +41:30:42.1
            %I 3C 84
            %I Perseus A

            #=V=VizieR (local):    1
            %J 49.95 +41.51 = 03:19.8     +41:31

            #====Done (2026-Jan-01,00:00:00z)====
            """;
    static final String NOTHING = """
            # nowhere\t#Q2
            #! *** Nothing found ***

            #====Done (2026-Jan-01,00:00:00z)====
            """;

    HttpServer server;
    final List<String> queries = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sesame/", exchange -> {
            queries.add(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
            String q = exchange.getRequestURI().getRawQuery();
            int status = 200;
            String body;
            if (q.startsWith("slow")) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                body = NOTHING;
            } else if (q.startsWith("broken")) {
                status = 500;
                body = "oops";
            } else {
                body = q.equals("NGC%201275") ? NGC1275 : NOTHING;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    SesameClient client(Duration timeout) {
        return new SesameClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sesame"), timeout);
    }

    @Test
    void readsTheFirstDatabaseThatAnswered() {
        SkyObject o = client(Duration.ofSeconds(2)).resolve("NGC 1275").orElseThrow();
        assertEquals(49.9506671, o.ra(), 1e-9);
        assertEquals(41.5116953, o.dec(), 1e-9);
        assertEquals("NGC  1275", o.canonicalName());
        assertEquals("Sy2", o.objectClass());
        assertTrue(o.names().contains("Perseus A"));
        assertEquals("Sesame S=Simbad (via url)", o.reference());
        assertEquals("/sesame/-oI/A?NGC%201275", queries.get(0));
    }

    @Test
    void nothingFoundIsEmpty() {
        assertTrue(client(Duration.ofSeconds(2)).resolve("nowhere").isEmpty());
    }

    @Test
    void errorsAndSlowAnswersFail() {
        assertThrows(UncheckedIOException.class, () -> client(Duration.ofSeconds(2)).resolve("broken"));
        long t0 = System.nanoTime();
        assertThrows(UncheckedIOException.class, () -> client(Duration.ofMillis(300)).resolve("slow"));
        assertTrue(System.nanoTime() - t0 < 1_500_000_000L);
    }
}
