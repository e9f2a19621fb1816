package org.gammavo.tap.adapters;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * User tables with gammavo.tap.query-role set (issue #18 with #20's least privilege): the owner's queries, run as the
 * read-only query role, read her table and the TAP_SCHEMA views that add it. Skipped where the role cannot be used.
 */
@QuarkusTest
@TestProfile(QueryRoleTest.WithQueryRole.class)
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class UserTablesQueryRoleTest {

    /** As in UserTablesTest: Crab and PKS 2155-304; four Crab observations are within 2.5 degrees. */
    static final String SOURCES = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">"
            + "<RESOURCE><TABLE><FIELD name=\"name\" datatype=\"char\" arraysize=\"*\"/>"
            + "<FIELD name=\"ra\" datatype=\"double\"/><FIELD name=\"dec\" datatype=\"double\"/>"
            + "<DATA><TABLEDATA><TR><TD>Crab</TD><TD>83.633</TD><TD>22.0145</TD></TR>"
            + "<TR><TD>PKS 2155-304</TD><TD>329.717</TD><TD>-30.2256</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
    static final String JOIN = "SELECT s.name, o.obs_id FROM tap_user_alice.rolesrc AS s JOIN ivoa.obscore AS o "
            + "ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', s.ra, s.dec, 2.5)) "
            + "WHERE o.dataproduct_type = 'hea-event-bundle' ORDER BY o.obs_id";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theOwnersQueriesReadHerTableAsTheQueryRole() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_has_role(current_user, 'gammavo_query', 'MEMBER') FROM pg_roles WHERE rolname = 'gammavo_query'")) {
            assumeTrue(r.next() && r.getBoolean(1), "role gammavo_query cannot be used on this server");
        }
        given().auth().preemptive().basic("alice", "alice").contentType("application/x-votable+xml").body(SOURCES)
                .when().put("/user_tables/rolesrc").then().statusCode(201);
        try {
            given().auth().preemptive().basic("alice", "alice").formParam("LANG", "ADQL").formParam("RESPONSEFORMAT", "csv")
                    .formParam("QUERY", JOIN).when().post("/sync")
                    .then().statusCode(200).body(equalTo("name,obs_id\r\nCrab,23523\r\nCrab,23526\r\nCrab,23559\r\nCrab,23592\r\n"));
            given().auth().preemptive().basic("alice", "alice").formParam("LANG", "ADQL").formParam("RESPONSEFORMAT", "csv")
                    .formParam("QUERY", "SELECT table_name FROM TAP_SCHEMA.tables WHERE schema_name = 'tap_user_alice'")
                    .when().post("/sync").then().statusCode(200).body(equalTo("table_name\r\ntap_user_alice.rolesrc\r\n"));
        } finally {
            given().auth().preemptive().basic("alice", "alice").when().delete("/user_tables/rolesrc").then().statusCode(204);
        }
    }
}
