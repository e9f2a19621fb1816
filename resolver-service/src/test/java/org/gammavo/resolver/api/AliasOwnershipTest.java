package org.gammavo.resolver.api;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.gammavo.resolver.ResolverTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Alias writes need a signed-in user, belong to that user, and cannot shadow catalogue names unless an admin makes
 * them (issue #20): aliases are answered before the catalogues by every replica, so an anonymous or foreign write
 * would re-point a name for every user and every analysis.
 */
@QuarkusTest
@WithTestResource(value = ResolverTestResource.class, scope = TestResourceScope.GLOBAL)
class AliasOwnershipTest {

    static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user).contentType(ContentType.JSON);
    }

    static String body(String alias, String target) {
        return "{\"alias\":\"" + alias + "\",\"target\":\"" + target + "\"}";
    }

    @Test
    void anonymousCallersMayReadButNotWrite() {
        given().contentType(ContentType.JSON).body(body("Anon Alias", "Vela X")).post("/api/aliases").then()
                .statusCode(401).header("WWW-Authenticate", containsString("Basic"))
                .body("error", containsString("signed-in"));
        given().queryParam("name", "Anon Alias").get("/api/resolve").then().statusCode(404);
        as("alice").body(body("Owned Alias 1", "Vela X")).post("/api/aliases").then().statusCode(201)
                .body("owner", equalTo("alice"));
        given().delete("/api/aliases/Owned Alias 1").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"));
        given().get("/api/aliases").then().statusCode(200).body("alias", hasItem("Owned Alias 1"))
                .body("owner", not(hasItem("alice")));
        given().auth().preemptive().basic("alice", "wrong").contentType(ContentType.JSON)
                .body(body("Wrong Password", "Vela X")).post("/api/aliases").then().statusCode(401);
        as("alice").delete("/api/aliases/Owned Alias 1").then().statusCode(204);
        as("alice").body("{\"alias\":\"Bad\\u0000Name\",\"target\":\"Vela X\"}").post("/api/aliases").then()
                .statusCode(400).body("error", containsString("control characters"));
        // Reads ignore control characters in names (the normalized key drops them): no error, the name resolves.
        given().urlEncodingEnabled(false).queryParam("name", "Crab%00").get("/api/resolve").then().statusCode(200);
    }

    @Test
    void onlyTheOwnerOrAnAdminChangesAnAlias() {
        as("alice").body(body("Owned Alias 2", "Vela X")).post("/api/aliases").then().statusCode(201);
        as("bob").body(body("owned alias 2", "Mrk 421")).post("/api/aliases").then().statusCode(403)
                .body("error", containsString("another user"));
        as("bob").delete("/api/aliases/Owned Alias 2").then().statusCode(403);
        given().queryParam("name", "Owned Alias 2").get("/api/resolve").then().statusCode(200)
                .body("canonicalName", equalTo("Vela X"));
        // The owner may re-point it, an admin may remove it.
        as("alice").body(body("Owned Alias 2", "Mrk 421")).post("/api/aliases").then().statusCode(201);
        given().queryParam("name", "Owned Alias 2").get("/api/resolve").then().statusCode(200)
                .body("canonicalName", equalTo("Mrk 421"));
        as("operator").delete("/api/aliases/Owned Alias 2").then().statusCode(204);
        as("alice").delete("/api/aliases/Owned Alias 2").then().statusCode(404);
    }

    @Test
    void catalogueNamesAreShadowedByAnAdminOnly() {
        as("alice").body(body("Crab", "Vela X")).post("/api/aliases").then().statusCode(403)
                .body("error", containsString("catalogue name"));
        as("alice").body("{\"alias\":\"mrk  421\",\"ra\":10,\"dec\":10}").post("/api/aliases").then().statusCode(403);
        given().queryParam("name", "Crab").get("/api/resolve").then().statusCode(200)
                .body("canonicalName", equalTo("Crab Nebula"), "origin", equalTo("catalogue"));
        as("operator").body(body("Crab", "Vela X")).post("/api/aliases").then().statusCode(201)
                .body("owner", equalTo("operator"));
        try {
            given().queryParam("name", "Crab").get("/api/resolve").then().statusCode(200)
                    .body("canonicalName", equalTo("Vela X"), "origin", equalTo("operator_alias"));
            as("alice").delete("/api/aliases/Crab").then().statusCode(403);
        } finally {
            as("operator").delete("/api/aliases/Crab").then().statusCode(204);
        }
        given().queryParam("name", "Crab").get("/api/resolve").then().statusCode(200)
                .body("canonicalName", equalTo("Crab Nebula"));
    }
}
