package org.gammavo.stack;

import com.sun.net.httpserver.HttpServer;
import org.gammavo.stack.gateway.Gateway;
import org.gammavo.stack.gateway.GatewayRoutes;
import org.gammavo.stack.gateway.HealthAggregator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the gateway refuses and adds (docs/security.md): loopback only by default, no management or operator endpoints,
 * forwarded host/scheme from configuration only, 503 + Retry-After in the protocol's form for a service that is down,
 * security headers on the web UI. The services are stand-ins that record what reached them.
 */
class GatewaySecurityTest {

    @TempDir
    Path tmp;

    private HttpServer backend;
    private final List<String> backendPaths = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> lastHeaders = new ConcurrentHashMap<>();
    private HealthAggregator health;
    private Gateway gateway;

    @BeforeEach
    void backend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", ex -> {
            backendPaths.add(ex.getRequestURI().getRawPath());
            lastHeaders.clear();
            ex.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), v));
            byte[] body = "backend ok\n".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
        health = new HealthAggregator(Map.of(), "127.0.0.1:1", "jdbc:postgresql://127.0.0.1:1/none", "u", "p");
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        health.close();
        backend.stop(0);
    }

    private Gateway start(Map<String, Integer> backends, Gateway.Options options) throws Exception {
        Path web = tmp.resolve("web");
        Files.createDirectories(web);
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>x</title>");
        gateway = new Gateway().start(0, backends, web, health, options);
        return gateway;
    }

    private Map<String, Integer> allTo(int port) {
        return Map.of("tap-service", port, "uws-service", port, "resolver-service", port);
    }

    @Test
    void listensOnLoopbackOnlyByDefault() throws Exception {
        Optional<InetAddress> external = externalAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        start(allTo(backend.getAddress().getPort()), Gateway.Options.defaults());
        assertEquals(200, send("127.0.0.1", "GET /tap/availability HTTP/1.1\r\nHost: localhost\r\n").status);
        assertThrows(IOException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external.get(), gateway.port()), 2000);
            }
        }, "reachable at " + external.get());
    }

    @Test
    void bindAddressOpensItWhenConfigured() throws Exception {
        Optional<InetAddress> external = externalAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        start(allTo(backend.getAddress().getPort()), new Gateway.Options("0.0.0.0", null));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(external.get(), gateway.port()), 2000);
        }
    }

    @Test
    void managementAndOperatorEndpointsAreNotRouted() throws Exception {
        start(allTo(backend.getAddress().getPort()), Gateway.Options.defaults());
        for (String path : List.of("/tap/q/metrics", "/uws/q/openapi", "/resolver/q/health/ready", "/tap/q",
                "/uws/q/dev-ui/", "/tap/q/health-ui/", "/tap//q/metrics", "/tap/./q/metrics", "/tap/%71/metrics",
                "/tap/x/../q/metrics", "/tap/q;a=b/metrics", "/tap/%2571/metrics", "/tap/admin/ingest",
                "/tap/admin")) {
            for (String method : List.of("GET", "POST")) {
                Reply r = send("127.0.0.1", method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n");
                assertEquals(404, r.status, method + " " + path + ": " + r.body);
            }
        }
        assertEquals(List.of(), backendPaths, "nothing private reached a service");
        // Public paths that merely start alike still go through.
        for (String path : List.of("/tap/availability", "/tap/query", "/uws/quality", "/tap/administration",
                "/resolver/sesame/q")) {
            assertEquals(200, send("127.0.0.1", "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n").status, path);
        }
        assertEquals(5, backendPaths.size(), backendPaths.toString());
        assertTrue(GatewayRoutes.isPrivate("/tap/q/metrics?x=1"));
        assertFalse(GatewayRoutes.isPrivate("/tap/sync"));
    }

    @Test
    void forwardedHostAndSchemeComeFromThePublicUrlNotFromTheClient() throws Exception {
        start(allTo(backend.getAddress().getPort()),
                new Gateway.Options("127.0.0.1", URI.create("https://gammavo.example.org")));
        Reply r = send("127.0.0.1", "GET /uws/spectrum HTTP/1.1\r\nHost: evil.example\r\n"
                + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Port: 666\r\n"
                + "X-Forwarded-Prefix: /evil\r\nX-Forwarded-Server: evil.example\r\nX-Forwarded-Ssl: off\r\n"
                + "Forwarded: host=evil.example;proto=http\r\nX-Real-IP: 6.6.6.6\r\n");
        assertEquals(200, r.status, r.body);
        assertEquals(List.of("gammavo.example.org"), lastHeaders.get("x-forwarded-host"), lastHeaders.toString());
        assertEquals(List.of("https"), lastHeaders.get("x-forwarded-proto"));
        assertEquals(List.of("443"), lastHeaders.get("x-forwarded-port"));
        assertEquals(List.of("127.0.0.1"), lastHeaders.get("x-forwarded-for"));
        assertEquals(List.of("127.0.0.1:" + backend.getAddress().getPort()), lastHeaders.get("host"));
        for (String gone : List.of("forwarded", "x-forwarded-prefix", "x-forwarded-server", "x-forwarded-ssl",
                "x-real-ip")) {
            assertNull(lastHeaders.get(gone), gone + " passed through: " + lastHeaders);
        }
        assertFalse(lastHeaders.toString().contains("evil"), lastHeaders.toString());
    }

    @Test
    void defaultPublicUrlIsLocalhostOnTheGatewayPort() throws Exception {
        start(allTo(backend.getAddress().getPort()), Gateway.Options.defaults());
        send("127.0.0.1", "GET /tap/sync HTTP/1.1\r\nHost: evil.example:9999\r\n");
        assertEquals(List.of("localhost:" + gateway.port()), lastHeaders.get("x-forwarded-host"));
        assertEquals(List.of("http"), lastHeaders.get("x-forwarded-proto"));
    }

    @Test
    void aServiceThatIsDownIs503WithRetryAfterInItsProtocolsForm() throws Exception {
        int refused;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = s.getLocalPort();
        }
        // A listener that accepts and drops every connection at once (a service dying mid-request).
        try (ServerSocket reset = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread dropper = new Thread(() -> {
                while (!reset.isClosed()) {
                    try (Socket c = reset.accept()) {
                        c.setSoLinger(true, 0);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            dropper.setDaemon(true);
            dropper.start();
            start(Map.of("tap-service", refused, "uws-service", reset.getLocalPort(), "resolver-service", refused),
                    Gateway.Options.defaults());

            Reply tap = send("127.0.0.1", "GET /tap/sync?LANG=ADQL&QUERY=SELECT+1 HTTP/1.1\r\nHost: localhost\r\n");
            assertEquals(503, tap.status, tap.body);
            assertEquals("5", tap.header("retry-after"));
            assertTrue(tap.header("content-type").startsWith("application/x-votable+xml"), tap.header("content-type"));
            assertTrue(tap.body.contains("<RESOURCE type=\"results\">"), tap.body);
            assertTrue(tap.body.contains("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">service temporarily "
                    + "unavailable, retry</INFO>"), tap.body);

            Reply tapPost = send("127.0.0.1", "POST /tap/sync HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 28\r\n",
                    "LANG=ADQL&QUERY=SELECT+1+x+y");
            assertEquals(503, tapPost.status, tapPost.body);

            for (String path : List.of("/uws/spectrum", "/resolver/sesame/Crab")) {
                Reply r = send("127.0.0.1", "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
                assertEquals(503, r.status, path + ": " + r.body);
                assertEquals("5", r.header("retry-after"), path);
                assertTrue(r.header("content-type").startsWith("text/plain"), path + ": " + r.header("content-type"));
                assertEquals("service temporarily unavailable, retry\n", r.body, path);
            }
        }
    }

    @Test
    void webUiHasSecurityHeadersAndApiResponsesAreNosniff() throws Exception {
        start(allTo(backend.getAddress().getPort()), Gateway.Options.defaults());
        for (String path : List.of("/", "/jobs/spectrum/abc", "/index.html")) {
            Reply r = send("127.0.0.1", "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
            assertEquals(200, r.status, path);
            String csp = r.header("content-security-policy");
            assertTrue(csp != null && csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'")
                    && csp.contains("object-src 'none'") && csp.contains("base-uri 'self'")
                    && csp.contains("connect-src 'self'") && !csp.contains("unsafe"), path + ": " + csp);
            assertEquals("DENY", r.header("x-frame-options"), path);
            assertEquals("nosniff", r.header("x-content-type-options"), path);
            assertEquals("same-origin", r.header("referrer-policy"), path);
        }
        Reply api = send("127.0.0.1", "GET /tap/availability HTTP/1.1\r\nHost: localhost\r\n");
        assertEquals(200, api.status);
        assertEquals("nosniff", api.header("x-content-type-options"));
    }

    // --- a raw HTTP/1.1 client: java.net.http refuses to send Host and sends no such odd paths ---

    record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private Reply send(String host, String head) throws IOException {
        return send(host, head, "");
    }

    private Reply send(String host, String head, String body) throws IOException {
        try (Socket s = new Socket(host, gateway.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String[] lines = all.substring(0, split).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, c).trim().toLowerCase(), lines[i].substring(c + 1).trim());
            }
            String rest = all.substring(split + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                rest = dechunk(rest);
            }
            return new Reply(status, headers, rest);
        }
    }

    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = s.indexOf("\r\n", i);
            int n = Integer.parseInt(s.substring(i, eol).trim(), 16);
            if (n == 0) {
                return out.toString();
            }
            out.append(s, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
    }

    private static Optional<InetAddress> externalAddress() throws IOException {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                Collections.list(ni.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(found::add);
            }
        }
        return found.stream().findFirst();
    }
}
