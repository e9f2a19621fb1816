package org.gammavo.tap.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #20, item 4: a sync query stops in the database when its client goes away, and one client runs at most
 * gammavo.tap.sync.max-concurrent-per-client queries at a time (2 in the test configuration).
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class QueryLimitsTest {

    @Inject
    AgroalDataSource dataSource;

    /** A COUNT over an 8-fold cross join of the 20 demo rows: 2.6e10 combinations, far longer than any test. */
    private static String longQuery(String marker) {
        StringBuilder from = new StringBuilder();
        for (char c = 'a'; c <= 'h'; c++) from.append(c == 'a' ? "" : ", ").append("ivoa.obscore AS ").append(c);
        return "SELECT COUNT(*) AS " + marker + " FROM " + from;
    }

    /** Sends a sync query over a raw socket (so that the test can drop the connection) and returns the socket. */
    private static Socket start(String query, String forwardedFor) throws Exception {
        Socket s = new Socket("127.0.0.1", RestAssured.port);
        String body = "LANG=ADQL&RESPONSEFORMAT=csv&QUERY=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        String head = "POST /tap/sync HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write((head + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
        return s;
    }

    /** Backends running a statement whose text holds the marker (the test's own backend excluded). */
    private int running(String marker) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                     + "AND query LIKE ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, "%" + marker + "%");
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private void awaitRunning(String marker, int n) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (running(marker) < n) {
            assertTrue(System.nanoTime() < deadline, "the query did not start: " + marker);
            Thread.sleep(20);
        }
    }

    /** Milliseconds until no backend runs the marked query any more (at most 15 s). */
    private long awaitGone(String marker) throws Exception {
        long t0 = System.nanoTime();
        while (running(marker) > 0 && System.nanoTime() - t0 < 15_000_000_000L) Thread.sleep(10);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void aQueryStopsInTheDatabaseWhenItsClientGoesAway() throws Exception {
        String marker = "n_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Socket s = start(longQuery(marker), null);
        awaitRunning(marker, 1);
        Thread.sleep(500);  // well inside the execution, not at its start
        s.close();
        long ms = awaitGone(marker);
        System.out.println("[QueryLimitsTest] disconnect -> backend idle: " + ms + " ms");
        assertTrue(ms < 2000, "the query still ran " + ms + " ms after its client left");
    }

    @Test
    void oneClientRunsAtMostTheConfiguredNumberOfQueries() throws Exception {
        String client = "203.0.113." + (1 + (int) (Math.random() * 250));
        String marker = "n_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Socket a = start(longQuery(marker), client);
        Socket b = start(longQuery(marker), client);
        try {
            awaitRunning(marker, 2);
            given().header("X-Forwarded-For", client).formParam("LANG", "ADQL").formParam("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore")
                    .when().post("/sync").then().statusCode(503).header("Retry-After", notNullValue())
                    .contentType(containsString("application/x-votable+xml"))
                    .body(containsString("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">"));
            // another client is not held back by this one
            given().header("X-Forwarded-For", "198.51.100.7").formParam("LANG", "ADQL")
                    .formParam("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore").when().post("/sync").then().statusCode(200);
        } finally {
            a.close();
            b.close();
        }
        assertTrue(awaitGone(marker) < 2000);
        // the permits come back when the queries end
        long deadline = System.nanoTime() + 5_000_000_000L;
        int status;
        do {
            status = given().header("X-Forwarded-For", client).formParam("LANG", "ADQL")
                    .formParam("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore").when().post("/sync").statusCode();
            if (status != 200) Thread.sleep(50);
        } while (status != 200 && System.nanoTime() < deadline);
        assertTrue(status == 200, "the client's permits were not released: " + status);
    }
}
