package org.gammavo.tap.adapters;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.gammavo.stack.infra.Jdbc;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #20, item 7: with gammavo.tap.query-role set, ADQL queries run in a read-only transaction as that role, with
 * the server-side statement_timeout of the time limit, and the role can read what queries need (published tables,
 * TAP_SCHEMA, uploads, geometry functions) through the migrations' grants. Needs a server where the test may create
 * the role (the embedded PostgreSQL) or where it exists and the login role may SET ROLE to it; skipped otherwise.
 */
@QuarkusTest
@TestProfile(QueryRoleTest.WithQueryRole.class)
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class QueryRoleTest {

    static final String ROLE = "gammavo_query";

    public static class WithQueryRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gammavo.tap.query-role", ROLE);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RoleBeforeStart.class));
        }
    }

    /** Creates the role (NOLOGIN, granted to the login role) before the service and its migrations start. */
    public static class RoleBeforeStart implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> db = new PlatformTestResource().start();
            try (Connection c = Jdbc.connect(db.get("quarkus.datasource.jdbc.url"), db.get("quarkus.datasource.username"),
                    db.get("quarkus.datasource.password")); Statement s = c.createStatement()) {
                try {
                    s.execute("CREATE ROLE " + ROLE + " NOLOGIN");
                } catch (SQLException e) {
                    // exists already (another test JVM on the same server), or no right to create roles
                }
                try {
                    s.execute("GRANT " + ROLE + " TO CURRENT_USER");
                } catch (SQLException e) {
                    // a member already, or not allowed: the tests then skip
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    QueryExecutor executor;

    private boolean roleUsable() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_has_role(current_user, '" + ROLE + "', 'MEMBER') FROM pg_roles WHERE rolname = '" + ROLE + "'")) {
            return r.next() && r.getBoolean(1);
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void theQueryTransactionIsReadOnlyAsTheQueryRoleWithTheTimeLimit() throws Exception {
        assumeTrue(roleUsable(), "role " + ROLE + " cannot be used on this server");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            executor.restrict(c, List.of());
            try (Statement s = c.createStatement()) {
                assertEquals(ROLE, one(s, "SELECT current_user"));
                assertEquals("on", one(s, "SHOW transaction_read_only"));
                assertEquals("20s", one(s, "SHOW statement_timeout"));  // the test profile's gammavo.tap.query.timeout
                assertEquals("20", one(s, "SELECT count(*) FROM ivoa.obscore"));
                SQLException e = assertThrows(SQLException.class, () -> s.execute("DELETE FROM ivoa.obscore"));
                assertEquals("25006", e.getSQLState(), e.getMessage());  // read_only_sql_transaction
            }
            c.rollback();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                // nothing of it is left on the pooled connection
                assertEquals("off", one(s, "SHOW transaction_read_only"));
                assertEquals("0", one(s, "SHOW statement_timeout"));
            }
        }
    }

    @Test
    void syncQueriesRunAsTheQueryRoleAndReadWhatTheyNeed() throws Exception {
        assumeTrue(roleUsable(), "role " + ROLE + " cannot be used on this server");
        String votable = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
                + "<FIELD name=\"ra\" datatype=\"double\"/><FIELD name=\"dec\" datatype=\"double\"/>"
                + "<DATA><TABLEDATA><TR><TD>83.633</TD><TD>22.0145</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        // an upload, a geometry function and a published table, all read as the query role
        given().multiPart("LANG", "ADQL").multiPart("RESPONSEFORMAT", "csv")
                .multiPart("QUERY", "SELECT COUNT(*) AS n FROM TAP_UPLOAD.t AS u JOIN ivoa.obscore AS o "
                        + "ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', u.ra, u.dec, 2.5)) "
                        + "WHERE o.dataproduct_type = 'hea-event-bundle'")
                .multiPart("UPLOAD", "t,param:t").multiPart("t", "t.xml", votable.getBytes(), "text/xml")
                .when().post("/sync").then().statusCode(200).body(containsString("n\r\n4\r\n"));
        given().formParam("LANG", "ADQL").formParam("RESPONSEFORMAT", "csv").formParam("QUERY", "SELECT COUNT(*) AS n FROM TAP_SCHEMA.tables")
                .when().post("/sync").then().statusCode(200);
        // proof that the query path switches role: without the role's grant on obscore_hea the query is refused,
        // although the login role could read the table
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("REVOKE SELECT ON ivoa.obscore_hea FROM " + ROLE);
        }
        try {
            given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT TOP 1 ev_xel FROM ivoa.obscore_hea").when().post("/sync")
                    .then().statusCode(400).body(containsString("permission denied"));
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("GRANT SELECT ON ivoa.obscore_hea TO " + ROLE);
            }
        }
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT TOP 1 ev_xel FROM ivoa.obscore_hea").when().post("/sync")
                .then().statusCode(200);
    }
}
