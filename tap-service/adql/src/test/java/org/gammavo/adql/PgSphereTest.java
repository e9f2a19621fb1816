package org.gammavo.adql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.gammavo.adql.translate.Dialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PGSPHERE dialect on the server given by GAMMAVO_TEST_PGSPHERE_URL / _USER / _PASSWORD (default: the
 * local development server jdbc:postgresql://127.0.0.1:5432/gammavo, gammavo/gammavo). If it cannot be
 * reached or has no pg_sphere extension, the tests are reported as skipped with the reason, unless
 * GAMMAVO_TEST_REQUIRE_PGSPHERE=true (set by CI, which provides that server): then they fail, so the pgSphere
 * dialect can never pass by running no test.
 */
class PgSphereTest extends GeometryAndSqlCases {
    private Connection connection;

    /** A connection to the pgSphere test server, or a JUnit abort with the reason. */
    static Connection connect() {
        String url = env("GAMMAVO_TEST_PGSPHERE_URL", "jdbc:postgresql://127.0.0.1:5432/gammavo");
        String user = env("GAMMAVO_TEST_PGSPHERE_USER", "gammavo");
        String password = env("GAMMAVO_TEST_PGSPHERE_PASSWORD", "gammavo");
        Connection c;
        try {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("user", user);
            p.setProperty("password", password);
            p.setProperty("connectTimeout", "5");
            c = DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            unavailable("cannot connect to " + url + " (" + e.getMessage() + ")");
            return null;
        }
        try {
            if (Dialect.detect(c) != Dialect.PGSPHERE) {
                c.close();
                unavailable(url + " has no pg_sphere extension");
            }
        } catch (SQLException e) {
            unavailable(e.getMessage());
        }
        System.out.println("pgSphere tests run on " + url);
        return c;
    }

    /** Skips (a developer's machine without the server) or fails (CI, which promises it) with the reason. */
    private static void unavailable(String why) {
        if (Boolean.parseBoolean(env("GAMMAVO_TEST_REQUIRE_PGSPHERE", "false"))) {
            throw new AssertionError("pgSphere required (GAMMAVO_TEST_REQUIRE_PGSPHERE=true) but " + why);
        }
        String reason = "pgSphere tests SKIPPED: " + why;
        System.out.println(reason);
        Assumptions.abort(reason);
    }

    private static String env(String k, String dflt) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? dflt : v;
    }

    @BeforeAll
    void start() throws SQLException {
        connection = connect();
        setUpData(connection);
    }

    @AfterAll
    void stop() throws SQLException {
        if (connection != null) {
            dropData(connection);
            connection.close();
        }
    }

    @Override Connection connection() { return connection; }

    @Override Dialect dialect() { return Dialect.PGSPHERE; }

    @Test
    void detectsPgSphere() throws SQLException {
        assertEquals(Dialect.PGSPHERE, Dialect.detect(connection));
    }
}
