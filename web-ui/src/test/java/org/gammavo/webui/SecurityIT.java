package org.gammavo.webui;

import org.gammavo.stack.StackConfig;
import org.gammavo.stack.infra.Jdbc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The security review of issue #20 replayed from outside, as an attacker would: black-box requests against the running
 * stack through its gateway (and, where the review did, against a service's own port or the database). Each test is
 * one finding of the review and failed on the platform as it was reviewed; docs/security.md has the threat model.
 */
@ExtendWith(SharedStack.class)
class SecurityIT {

    static String base;
    static StackConfig cfg;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * A query that keeps PostgreSQL busy for long on any data set (a 6-way cross join counted), tagged with a literal
     * that survives translation, so pg_stat_activity shows which one it is.
     */
    static String longQuery(String tag) {
        return "SELECT COUNT(*) AS n FROM ivoa.obscore AS a, ivoa.obscore AS b, ivoa.obscore AS c,"
                + " ivoa.obscore AS d, ivoa.obscore AS e, ivoa.obscore AS f WHERE a.obs_id <> '" + tag + "'";
    }

    @BeforeAll
    static void up() {
        base = SharedStack.get().base();
        cfg = SharedStack.get().config();
    }

    // --- 1. XML external entities in TAP UPLOAD -------------------------------------------------------------------

    @Test
    void uploadedVotableCannotReadAFile() throws Exception {
        Path secret = Files.createTempFile("gammavo-secret-", ".txt");
        String marker = "SECRET-" + UUID.randomUUID();
        Files.writeString(secret, marker);
        try {
            String votable = "<?xml version=\"1.0\"?>\n<!DOCTYPE VOTABLE [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                    + votableWithCell("&xxe;");
            HttpResponse<String> r = syncUpload(votable);
            assertFalse(r.body().contains(marker), "the file's content came back: " + r.body());
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("QUERY_STATUS") && r.body().contains("ERROR"), "a DALI error: " + r.body());
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void uploadedVotableCannotFetchAnInternalUrl() throws Exception {
        // An "internal" server that counts who asks: no payload may make the service fetch from it.
        java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer internal = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] answer = "<!ENTITY xxe \"INTERNAL-ANSWER\">INTERNAL-ANSWER".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        internal.start();
        try {
            String url = "http://127.0.0.1:" + internal.getAddress().getPort() + "/secret";
            for (String doctype : List.of(
                    "<!DOCTYPE VOTABLE [<!ENTITY xxe SYSTEM \"" + url + "\">]>",
                    "<!DOCTYPE VOTABLE [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]>",
                    "<!DOCTYPE VOTABLE SYSTEM \"" + url + "\">")) {
                HttpResponse<String> r = syncUpload("<?xml version=\"1.0\"?>\n" + doctype + "\n" + votableWithCell("&xxe;"));
                assertFalse(r.body().contains("INTERNAL-ANSWER"), "an internal answer came back: " + r.body());
                assertEquals(400, r.statusCode(), doctype + " → " + r.body());
            }
            assertEquals(0, hits.get(), "the service fetched the internal URL");
        } finally {
            internal.stop(0);
        }
    }

    // --- 2. Resolver alias writes ---------------------------------------------------------------------------------

    @Test
    void anonymousCannotRepointANameForEveryone() throws Exception {
        String alias = "{\"alias\":\"Crab\",\"ra\":10.0,\"dec\":10.0}";
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/resolver/api/aliases"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alias)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, post.statusCode(), post.body());
        assertTrue(post.headers().firstValue("WWW-Authenticate").isPresent(), "a challenge: " + post.headers().map());
        HttpResponse<String> delete = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/resolver/api/aliases/Crab"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, delete.statusCode(), delete.body());
        // A signed-in user who is not an admin cannot shadow a catalogue name either.
        HttpResponse<String> alice = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/resolver/api/aliases"))
                .header("Content-Type", "application/json").header("Authorization", basic("alice:alice"))
                .POST(HttpRequest.BodyPublishers.ofString(alias)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, alice.statusCode(), alice.body());
        // Crab still resolves to the Crab.
        HttpResponse<String> resolved = get("/resolver/api/resolve?name=Crab", null);
        assertTrue(resolved.body().contains("83.6"), "Crab still at RA 83.6: " + resolved.body());
    }

    // --- 3. Anonymous async TAP jobs ------------------------------------------------------------------------------

    @Test
    void anonymousAsyncJobsAreNotListedToOthers() throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/async"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("LANG", "ADQL",
                        "QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore -- mine")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String jobId = location.substring(location.lastIndexOf('/') + 1);

        HttpResponse<String> list = get("/tap/async", null);
        assertEquals(200, list.statusCode(), list.body());
        assertFalse(list.body().contains(jobId), "another anonymous client sees the job: " + list.body());
        // The creator still reaches it by its URL (pyvo's flow).
        HttpResponse<String> own = HTTP.send(HttpRequest.newBuilder(URI.create(location + "/parameters")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, own.statusCode(), own.body());
        assertTrue(own.body().contains("mine"), own.body());
    }

    // --- 4. SSRF through upload by URL ----------------------------------------------------------------------------

    @Test
    void uploadByUrlCannotReachInternalAddressesAndSaysTheSameForEach() throws Exception {
        int tapPort = cfg.service("tap-service").port();
        List<String> targets = List.of(
                "http://127.0.0.1:" + tapPort + "/tap/availability",        // a live internal service
                "http://127.0.0.1:" + closedPort() + "/x",                  // a closed port
                "http://localhost:" + cfg.service("uws-service").port() + "/uws/q/health",
                "http://169.254.169.254/latest/meta-data/",                 // cloud metadata
                "http://[::1]:" + tapPort + "/tap/availability",
                "file:///etc/hostname");
        List<String> messages = new ArrayList<>();
        for (String url : targets) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/sync"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("LANG", "ADQL", "RESPONSEFORMAT", "csv",
                            "QUERY", "SELECT * FROM TAP_UPLOAD.t", "UPLOAD", "t," + url)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), url + " → " + r.body());
            assertFalse(r.body().contains("available"), url + " was fetched: " + r.body());
            if (url.startsWith("http")) {
                messages.add(daliMessage(r.body()).replace(url, "<url>"));
            }
        }
        // One text for every refusal: a client cannot tell a closed port from a live one (no port scanning).
        assertEquals(1, messages.stream().distinct().count(), messages.toString());
    }

    // --- 5. Operator endpoints ------------------------------------------------------------------------------------

    @Test
    void ingestionIsNotPublicAndNeedsTheAdminRole() throws Exception {
        HttpResponse<String> viaGateway = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/admin/ingest?force=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, viaGateway.statusCode(), viaGateway.body());
        String direct = cfg.service("tap-service").baseUrl() + "/admin/ingest";
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(direct))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        HttpResponse<String> alice = HTTP.send(HttpRequest.newBuilder(URI.create(direct))
                .header("Authorization", basic("alice:alice")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, alice.statusCode(), alice.body());
    }

    @Test
    void managementEndpointsAreNotRoutedPublicly() throws Exception {
        for (String path : List.of("/tap/q/metrics", "/uws/q/openapi", "/resolver/q/metrics", "/tap//q/metrics",
                "/tap/%71/metrics", "/uws/q/health")) {
            HttpResponse<String> r = get(path, null);
            assertEquals(404, r.statusCode(), path + " → " + r.statusCode() + " " + r.body());
        }
        assertEquals(200, get("/health", null).statusCode(), "the gateway's own aggregated health stays public");
    }

    // --- 6. Resource exhaustion -----------------------------------------------------------------------------------

    @Test
    void aHundredThousandItemInListIsAnsweredQuickly() throws Exception {
        String items = IntStream.range(0, 100_000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String query = "SELECT COUNT(*) AS n FROM ivoa.obscore WHERE t_exptime IN (" + items + ")";
        long t0 = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/sync"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("LANG", "ADQL", "RESPONSEFORMAT", "csv",
                        "QUERY", query)))).build(), HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("SecurityIT: 100k-item IN list (%d KB) answered %d in %d ms%n", query.length() / 1024,
                r.statusCode(), ms);
        assertEquals(200, r.statusCode(), r.body().substring(0, Math.min(500, r.body().length())));
        // Before the fix the parser alone held a core for minutes; the bound is loose for a loaded CI machine.
        assertTrue(ms < 20_000, "took " + ms + " ms");
    }

    @Test
    void aQueryWhoseClientLeavesIsCancelledInPostgres() throws Exception {
        try (Connection db = database()) {
            String tag = "gone-" + UUID.randomUUID();
            try (Socket client = startSyncQuery(longQuery(tag))) {
                assertTrue(waitFor(() -> running(db, tag) == 1, 15_000), "the query never ran in PostgreSQL");
            } // the client goes away
            long t0 = System.nanoTime();
            boolean gone = waitFor(() -> running(db, tag) == 0, 10_000);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("SecurityIT: query gone from pg_stat_activity %d ms after its client left%n", ms);
            assertTrue(gone && ms <= 2_000, "still running " + ms + " ms after the client left");
        }
    }

    @Test
    void oneClientCannotFillTheConnectionPool() throws Exception {
        try (Connection db = database()) {
            String tag = "pool-" + UUID.randomUUID();
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    clients.add(startSyncQuery(longQuery(tag + "-" + i)));
                }
                assertTrue(waitFor(() -> running(db, tag) == 4, 20_000), "four queries of one client run");
                HttpResponse<String> fifth = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/sync"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("LANG", "ADQL", "QUERY",
                                "SELECT TOP 1 obs_id FROM ivoa.obscore")))).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, fifth.statusCode(), fifth.body());
                assertTrue(fifth.headers().firstValue("Retry-After").isPresent(), fifth.headers().map().toString());
                assertTrue(fifth.body().contains("QUERY_STATUS"), "a DALI error: " + fifth.body());
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
            assertTrue(waitFor(() -> running(db, tag) == 0, 10_000), "the abandoned queries were cancelled");
        }
    }

    // --- 7. The low ones ------------------------------------------------------------------------------------------

    @Test
    void aNulByteInAnIdIsABadRequestNotAServerError() throws Exception {
        HttpResponse<String> datalink = get("/tap/datalink?ID=%00", null);
        assertEquals(400, datalink.statusCode(), datalink.body());
        HttpResponse<String> job = get("/uws/selftest/%00", "alice:alice");
        assertEquals(400, job.statusCode(), job.body());
        assertFalse(job.body().contains("Exception") || datalink.body().contains("Exception"), job.body());
    }

    @Test
    void absoluteUrlsDoNotFollowAForgedHostHeader() throws Exception {
        HttpResponse<String> did = get("/tap/sync?LANG=ADQL&RESPONSEFORMAT=csv&QUERY="
                + enc("SELECT TOP 1 obs_publisher_did FROM ivoa.obscore"), null);
        String id = did.body().lines().skip(1).findFirst().orElseThrow().replace("\"", "").trim();
        String answer = rawGet("/tap/datalink?ID=" + enc(id),
                "Host: evil.example\r\nX-Forwarded-Host: evil.example\r\nForwarded: host=evil.example\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer.lines().findFirst().orElse(""));
        assertTrue(answer.contains("access_url") || answer.contains("/tap/files/"), answer);
        assertFalse(answer.contains("evil.example"), "a forged host reached the document:\n" + answer);
    }

    @Test
    void theWebUiSendsSecurityHeaders() throws Exception {
        HttpResponse<String> ui = get("/", null);
        assertEquals(200, ui.statusCode());
        String csp = ui.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"), csp);
        assertEquals("DENY", ui.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("nosniff", ui.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("nosniff", get("/tap/availability", null).headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void theGatewayListensOnThisMachineOnly() throws Exception {
        InetAddress outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> { try { return i.isUp() && !i.isLoopback(); } catch (Exception e) { return false; } })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
        if (outside == null) {
            System.out.println("SecurityIT: no non-loopback address on this machine; bind check not applicable");
            return;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(outside, cfg.gatewayPort()), 2_000);
            fail("the gateway answers on " + outside.getHostAddress());
        } catch (ConnectException expected) {
            // refused: bound to loopback
        }
    }

    @Test
    void jobParametersTheAnalysisWouldRefuseAreRefusedAtOnce() throws Exception {
        for (String ra : List.of("83.6d", "0x1p6", "83.6\n", " 83.6", "NaN", "Infinity")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/uws/skymap"))
                    .header("Authorization", basic("alice:alice"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("ra", ra, "dec", "22.0")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), "ra=" + ra.replace("\n", "\\n") + " → " + r.statusCode() + " " + r.body());
        }
    }

    @Test
    void servicesDoNotConnectAsASuperuser() throws Exception {
        // The services' pools keep their connections open; the gateway's health check opens one as the superuser
        // for a moment, so the check asks for one sample without any other superuser connection.
        try (Connection db = database()) {
            List<String> last = List.of();
            for (int sample = 0; sample < 10; sample++) {
                List<String> users = new ArrayList<>();
                try (Statement s = db.createStatement();
                     ResultSet r = s.executeQuery("SELECT a.usename || CASE WHEN r.rolsuper THEN '(superuser)' ELSE '' END"
                             + " FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename"
                             + " WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()")) {
                    while (r.next()) {
                        users.add(r.getString(1));
                    }
                }
                last = users;
                if (users.contains("gammavo_tap") && users.contains("gammavo_uws")
                        && users.stream().noneMatch(u -> u.endsWith("(superuser)"))) {
                    return;
                }
                Thread.sleep(300);
            }
            fail("services' database connections: " + last);
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static String votableWithCell(String cell) {
        return "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
                + "<FIELD name=\"a\" datatype=\"char\" arraysize=\"*\"/><DATA><TABLEDATA><TR><TD>" + cell
                + "</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n";
    }

    /** The review's request: the VOTable as a multipart part named by UPLOAD=t,param:t. */
    private static HttpResponse<String> syncUpload(String votable) throws Exception {
        String boundary = "----gammavo" + UUID.randomUUID();
        StringJoiner body = new StringJoiner("\r\n", "", "\r\n");
        for (Map.Entry<String, String> f : Map.of("LANG", "ADQL", "RESPONSEFORMAT", "csv",
                "QUERY", "SELECT * FROM TAP_UPLOAD.t", "UPLOAD", "t,param:t").entrySet()) {
            body.add("--" + boundary).add("Content-Disposition: form-data; name=\"" + f.getKey() + "\"").add("")
                    .add(f.getValue());
        }
        body.add("--" + boundary).add("Content-Disposition: form-data; name=\"t\"; filename=\"x.xml\"")
                .add("Content-Type: application/x-votable+xml").add("").add(votable).add("--" + boundary + "--");
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/sync")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A sync query sent over a raw socket that the caller closes to leave mid-query. */
    private static Socket startSyncQuery(String query) throws Exception {
        byte[] body = form(Map.of("LANG", "ADQL", "RESPONSEFORMAT", "csv", "QUERY", query))
                .getBytes(StandardCharsets.UTF_8);
        Socket s = new Socket("127.0.0.1", cfg.gatewayPort());
        OutputStream out = s.getOutputStream();
        out.write(("POST /tap/sync HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return s;
    }

    private static String rawGet(String path, String extraHeaders) throws Exception {
        try (Socket s = new Socket("127.0.0.1", cfg.gatewayPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    /** The embedded database, as its superuser: what the review looked at from the database's side. */
    private static Connection database() throws SQLException {
        return Jdbc.connect("jdbc:postgresql://127.0.0.1:" + cfg.dbPort() + "/gammavo", "postgres", "postgres");
    }

    /** How many statements tagged with this text PostgreSQL is executing now. */
    private static int running(Connection db, String tag) {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                     + " AND pid <> pg_backend_pid() AND query LIKE '%" + tag.replace("'", "") + "%'")) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static boolean waitFor(Condition c, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (c.holds()) {
                return true;
            }
            Thread.sleep(50);
        }
        return c.holds();
    }

    private static String daliMessage(String votable) {
        int i = votable.indexOf("name=\"QUERY_STATUS\"");
        assertTrue(i >= 0, "a DALI error VOTable: " + votable);
        int start = votable.indexOf('>', i) + 1;
        return votable.substring(start, votable.indexOf("</INFO>", start)).trim();
    }

    private static int closedPort() throws Exception {
        int p = SharedStack.freePort();
        return p;
    }

    private static HttpResponse<String> get(String path, String userPassword) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (userPassword != null) {
            b.header("Authorization", basic(userPassword));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }
}
