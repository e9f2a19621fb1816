package org.gammavo.tap.security;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #20, items 5 and 6: a NUL byte is a bad request, not a 500; absolute URLs never come from the Host header. */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class RequestSafetyTest {

    private static void badRequest(Response r, String what) {
        assertEquals(400, r.statusCode(), what + ": " + r.asString());
        assertTrue(r.contentType().startsWith("application/x-votable+xml"), what + ": " + r.contentType());
        assertTrue(r.asString().contains("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">"), what + ": " + r.asString());
        assertFalse(r.asString().contains("Exception"), what + ": " + r.asString());
    }

    @Test
    void nulBytesAreBadRequests() {
        badRequest(given().urlEncodingEnabled(false).when().get("/datalink?ID=%00"), "datalink GET");
        badRequest(given().urlEncodingEnabled(false).when().get("/datalink?ID=ivo://gammavo.org/hess-dl3-dr1?23523%00"), "datalink GET 2");
        badRequest(given().formParam("ID", "a\u0000b").when().post("/datalink"), "datalink POST");
        badRequest(given().urlEncodingEnabled(false).when().get("/cutout?ID=%00"), "cutout");
        badRequest(given().urlEncodingEnabled(false).when().get("/files/hess-dl3-dr1/23523%00"), "files");
        badRequest(given().urlEncodingEnabled(false).when().get("/files/hess%00/23523/aeff"), "irf file");
        badRequest(given().urlEncodingEnabled(false).when().get("/preview/hess-dl3-dr1/%00.png"), "preview");
        badRequest(given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT obs_id FROM ivoa.obscore WHERE obs_id = 'a\u0000b'")
                .when().post("/sync"), "sync query");
        badRequest(given().urlEncodingEnabled(false).when().get("/sync?LANG=ADQL&QUERY=SELECT%20obs_id%20FROM%20ivoa.obscore"
                + "%20WHERE%20obs_id%20%3D%20%27%00%27"), "sync GET");
    }

    @Test
    void absoluteUrlsComeFromTheConfiguredPublicUrl() {
        String configured = "http://localhost:8080/tap";
        String[][] forged = {{"Host", "evil.example"}, {"X-Forwarded-Host", "evil.example"}, {"Forwarded", "host=evil.example;proto=https"}};
        for (String[] h : forged) {
            String links = given().header(h[0], h[1]).queryParam("ID", "ivo://gammavo.org/hess-dl3-dr1?23523").when().get("/datalink")
                    .then().statusCode(200).extract().asString();
            assertFalse(links.contains("evil.example"), h[0] + ": " + links);
            assertTrue(links.contains(configured + "/files/hess-dl3-dr1/23523"), links);
            String caps = given().header(h[0], h[1]).when().get("/capabilities").then().statusCode(200).extract().asString();
            assertFalse(caps.contains("evil.example"), h[0] + ": " + caps);
            assertTrue(caps.contains("<accessURL use=\"base\">" + configured + "</accessURL>"), caps);
            String result = given().header(h[0], h[1]).formParam("LANG", "ADQL").formParam("RESPONSEFORMAT", "votable/td")
                    .formParam("QUERY", "SELECT TOP 1 obs_publisher_did FROM ivoa.obscore").when().post("/sync")
                    .then().statusCode(200).extract().asString();
            assertFalse(result.contains("evil.example"), h[0] + ": " + result);
            assertTrue(result.contains(configured + "/datalink"), result);
        }
    }
}
