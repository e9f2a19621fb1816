package org.gammavo.tap.security;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.not;

/** Issue #20, item 3: re-ingestion is for operators (role admin); the TAP endpoints stay anonymous. */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class AdminSecurityTest {

    @Test
    void ingestNeedsAnAuthenticatedAdmin() {
        given().when().post("/admin/ingest").then().statusCode(401).header("WWW-Authenticate", containsStringIgnoringCase("basic realm="));
        given().auth().preemptive().basic("operator", "wrong").when().post("/admin/ingest").then().statusCode(401);
        given().auth().preemptive().basic("alice", "alice").when().post("/admin/ingest").then().statusCode(403);
        given().auth().preemptive().basic("operator", "operator").when().post("/admin/ingest").then().statusCode(200)
                .body(containsString("hess-dl3-dr1"));
    }

    @Test
    void tapEndpointsStayAnonymousAndPassCredentialsOn() {
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore").when().post("/sync")
                .then().statusCode(200);
        // A sync query names its user (whose tables it may read: user tables), so credentials sent with it are
        // checked: valid ones run as that user, wrong ones get the challenge instead of running as someone else.
        given().auth().preemptive().basic("alice", "alice").formParam("LANG", "ADQL")
                .formParam("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore").when().post("/sync").then().statusCode(200);
        given().auth().preemptive().basic("someone", "not-a-tap-user").formParam("LANG", "ADQL")
                .formParam("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore").when().post("/sync").then().statusCode(401)
                .header("WWW-Authenticate", containsStringIgnoringCase("basic realm="));
        // credentials meant for uws-service (job owners) are not checked here: /tap/async forwards them
        given().auth().preemptive().basic("someone", "not-a-tap-user").when().get("/async").then().statusCode(not(401));
        given().when().get("/capabilities").then().statusCode(200);
    }
}
