package org.gammavo.tap.api;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.gammavo.tap.adapters.QueryHistoryStore;
import org.gammavo.tap.domain.HistoryEntry;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #19, query history, over HTTP against the real PostgreSQL: a signed-in user's sync queries are recorded with
 * their row counts and MAXREC overflow; alice and bob each see, delete and clear only their own; anonymous queries
 * are not recorded and the history refuses anonymous callers with a DALI error and a challenge.
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class QueryHistoryTest {

    static final String CRAB = "SELECT obs_id FROM ivoa.obscore WHERE dataproduct_type = 'hea-event-bundle' AND "
            + "1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 83.633, 22.0145, 2.5))";

    @Inject
    QueryHistoryStore store;

    private static RequestSpecification as(String user) {
        RequestSpecification r = given().log().ifValidationFails();
        return user == null ? r : r.auth().preemptive().basic(user, user);
    }

    private static void sync(String user, String query, Integer maxrec) {
        RequestSpecification r = as(user).formParam("LANG", "ADQL").formParam("QUERY", query).formParam("RESPONSEFORMAT", "csv");
        if (maxrec != null) r = r.formParam("MAXREC", maxrec);
        r.when().post("/sync").then().statusCode(200);
    }

    private static List<Map<String, Object>> history(String user) {
        JsonPath j = as(user).when().get("/history").then().statusCode(200).contentType(startsWith("application/json"))
                .extract().jsonPath();
        assertEquals(user, j.getString("owner"));
        return j.getList("queries");
    }

    @BeforeEach
    void empty() {
        for (String user : List.of("alice", "bob")) as(user).when().delete("/history").then().statusCode(204);
    }

    @Test
    void eachUserSeesOnlyTheirOwnQueriesWithRowCounts() {
        sync("alice", CRAB, null);
        sync("alice", CRAB, 2);
        sync("bob", "SELECT TOP 1 obs_id FROM ivoa.obscore", null);
        sync(null, "SELECT TOP 3 obs_id FROM ivoa.obscore", null);

        // written when the response has ended, off the request thread
        await().atMost(Duration.ofSeconds(10)).until(() -> history("alice").size() == 2 && history("bob").size() == 1);
        List<Map<String, Object>> alice = history("alice");
        assertEquals(CRAB, alice.get(0).get("query"));
        assertEquals(2, alice.get(0).get("rows"), "newest first: the MAXREC=2 run");
        assertEquals(true, alice.get(0).get("overflow"));
        assertEquals(2, alice.get(0).get("maxrec"));
        assertEquals(4, alice.get(1).get("rows"), "the four H.E.S.S. Crab runs of the demo data");
        assertEquals(false, alice.get(1).get("overflow"));
        assertEquals("csv", alice.get(1).get("format"));
        assertEquals("ADQL-2.1", alice.get(1).get("lang"));
        assertEquals(true, alice.get(1).get("completed"));

        List<Map<String, Object>> bob = history("bob");
        assertEquals("SELECT TOP 1 obs_id FROM ivoa.obscore", bob.get(0).get("query"));
        assertFalse(bob.toString().contains("CONTAINS"), "bob sees none of alice's queries");

        // bob can delete neither one of alice's entries nor learn whether it exists
        Object aliceId = alice.get(0).get("id");
        as("bob").when().delete("/history/" + aliceId).then().statusCode(404).body(containsString("QUERY_STATUS"));
        assertEquals(2, history("alice").size());
        // bob clearing his history leaves alice's alone
        as("bob").when().delete("/history").then().statusCode(204);
        assertTrue(history("bob").isEmpty());
        assertEquals(2, history("alice").size());
        // alice deletes her own entry
        as("alice").when().delete("/history/" + aliceId).then().statusCode(204);
        assertEquals(1, history("alice").size());
        as("alice").when().get("/history?LAST=zero").then().statusCode(400).body(containsString("LAST must be"));
    }

    @Test
    void eachUserKeepsTheNewestEntriesAndOverlongQueriesAreMarkedCut() throws Exception {
        int max = store.maxEntries();
        for (int i = 0; i < max + 5; i++) {
            store.add(new QueryHistoryStore.Ran("alice", "SELECT " + i + " AS n FROM ivoa.obscore", "ADQL-2.1", "json", 10, 1, false, true));
        }
        store.add(new QueryHistoryStore.Ran("bob", "SELECT 'x' FROM ivoa.obscore", "ADQL-2.1", "json", 10, 1, false, true));
        List<HistoryEntry> alice = store.list("alice", 10 * max);
        assertEquals(max, alice.size(), "the newest max-entries are kept");
        assertEquals("SELECT " + (max + 4) + " AS n FROM ivoa.obscore", alice.get(0).query());
        assertEquals("SELECT 5 AS n FROM ivoa.obscore", alice.get(max - 1).query(), "the five oldest were dropped");
        assertEquals(1, store.list("bob", 10).size(), "alice's pruning leaves bob's entries alone");

        String huge = "SELECT obs_id FROM ivoa.obscore WHERE obs_id IN (" + "'1', ".repeat(40000) + "'2')";
        store.add(new QueryHistoryStore.Ran("alice", huge, "ADQL-2.1", "json", 10, 0, false, true));
        HistoryEntry cut = store.list("alice", 1).get(0);
        assertTrue(cut.truncated());
        assertTrue(cut.query().length() < huge.length() && huge.startsWith(cut.query()));
        as("alice").when().get("/history?LAST=1").then().statusCode(200).body("queries[0].truncated", equalTo(true));
    }

    @Test
    void anonymousCallersHaveNoServerSideHistory() {
        as(null).when().get("/history").then().statusCode(401).header("WWW-Authenticate", startsWith("Basic"))
                .contentType(startsWith("application/x-votable+xml")).body(containsString("QUERY_STATUS"));
        as(null).when().delete("/history").then().statusCode(401);
        as("alice").auth().preemptive().basic("alice", "wrong").when().get("/history").then().statusCode(401);
    }

    @Test
    void aFailedQueryIsNotRecorded() {
        as("alice").formParam("LANG", "ADQL").formParam("QUERY", "SELECT nope FROM ivoa.obscore").when().post("/sync")
                .then().statusCode(400);
        sync("alice", "SELECT TOP 1 obs_id FROM ivoa.obscore", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> history("alice").size() == 1);
        assertEquals("SELECT TOP 1 obs_id FROM ivoa.obscore", history("alice").get(0).get("query"));
        as("alice").when().get("/history").then().body("queries[0].rows", equalTo(1));
    }
}
