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
 * reached or has no pg_sphere extension, the tests are reported as skipped with the reason.
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
            String reason = "pgSphere tests SKIPPED: cannot connect to " + url + " (" + e.getMessage() + ")";
            System.out.println(reason);
            Assumptions.abort(reason);
            return null;
        }
        try {
            if (Dialect.detect(c) != Dialect.PGSPHERE) {
                c.close();
                String reason = "pgSphere tests SKIPPED: " + url + " has no pg_sphere extension";
                System.out.println(reason);
                Assumptions.abort(reason);
            }
        } catch (SQLException e) {
            Assumptions.abort("pgSphere tests SKIPPED: " + e.getMessage());
        }
        System.out.println("pgSphere tests run on " + url);
        return c;
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
