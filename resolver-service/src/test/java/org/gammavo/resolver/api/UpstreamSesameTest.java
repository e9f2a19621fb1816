package org.gammavo.resolver.api;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.resolver.adapters.NameTopicFollower;
import org.gammavo.resolver.domain.NameIndex;
import org.gammavo.resolver.domain.NameResolver;
import org.gammavo.resolver.domain.Resolution;
import org.gammavo.resolver.ResolverTestResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service with upstream Sesame switched on, pointed at a local stand-in ({@link ResolverTestResource}): caching,
 * negative caching, sharing answers through the topic, and the fault-tolerance guards (timeout, circuit breaker)
 * keeping local answers fast.
 */
@QuarkusTest
@WithTestResource(value = ResolverTestResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamSesameTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    @Order(1)
    void unknownNamesAreForwardedCachedAndShared() {
        int before = ResolverTestResource.CALLS.get();
        given().queryParam("name", "NGC 1275").get("/api/resolve").then().statusCode(200)
                .body("origin", equalTo("upstream"), "canonicalName", equalTo("NGC  1275"));
        given().urlEncodingEnabled(false).get("/sesame/A?ngc1275").then().statusCode(200)
                .body(containsString("%J 49.9506671 +41.5116953"));
        given().queryParam("name", "Nowhere Upstream").get("/api/resolve").then().statusCode(404);
        given().queryParam("name", "nowhere upstream").get("/api/resolve").then().statusCode(404);
        given().queryParam("name", "Crab").get("/api/resolve").then().statusCode(200);
        assertEquals(before + 2, ResolverTestResource.CALLS.get(), "one call per unknown name, none for Crab");

        // Another replica replays the answer instead of asking upstream again.
        NameResolver other = new NameResolver(NameIndex.of(List.of()), new ResolverServiceTest.NoUpstream(),
                e -> { }, Clock.systemUTC(), Duration.ofHours(1), Duration.ofHours(1));
        try (NameTopicFollower follower = new NameTopicFollower(bootstrap, other::apply).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> other.resolve("NGC 1275") instanceof Resolution.Found);
        }
    }

    @Test
    @Order(2)
    void aSlowUpstreamIsCutAndNeverDelaysLocalNames() throws Exception {
        long t0 = System.nanoTime();
        CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(
                () -> given().queryParam("name", "slow object").get("/api/resolve").statusCode());
        Thread.sleep(200);
        given().queryParam("name", "Mrk 421").get("/api/resolve").then().statusCode(200);
        // The slow upstream call holds its own caller for 2 s; a local name is answered while it is still waiting.
        assertTrue(!slow.isDone(), "local answer came after the upstream call ended");
        assertEquals(404, slow.get());
        long slowMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(slowMs < 4800, "upstream not cut at its timeout (the fake sleeps 5 s): " + slowMs + " ms");
    }

    @Test
    @Order(3)
    void aFailingUpstreamOpensTheCircuit() {
        for (int i = 0; i < 12; i++) {
            given().queryParam("name", "broken " + i).get("/api/resolve").then().statusCode(404);
        }
        int calls = ResolverTestResource.BROKEN_CALLS.get();
        assertTrue(calls < 12, "circuit never opened: " + calls + " calls reached upstream");
        given().queryParam("name", "broken again").get("/api/resolve").then().statusCode(404);
        assertEquals(calls, ResolverTestResource.BROKEN_CALLS.get(), "open circuit still calls upstream");
        given().queryParam("name", "Crab").get("/api/resolve").then().statusCode(200);
    }
}
