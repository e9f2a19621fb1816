package org.gammavo.uws;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.xml.XmlPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.eclipse.microprofile.config.ConfigProvider;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.gammavo.uws.UwsProtocolTest.alice;
import static org.gammavo.uws.UwsProtocolTest.anonymous;
import static org.gammavo.uws.UwsProtocolTest.create;
import static org.gammavo.uws.UwsProtocolTest.job;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security and reliability fixes of issues #20 and #15, over HTTP against the service with its real broker and
 * database: anonymous job lists, malformed names and values, strict typed parameters, a clean start, static
 * Kafka group membership.
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class UwsHardeningTest {

    /** Anonymous TAP jobs are capabilities: the list must not hand them out; the job URL still works (pyvo). */
    @Test
    void anonymousCallersAreListedNoJobs() {
        String anon = create(anonymous(), "async", "QUERY", "SELECT TOP 1 * FROM ivoa.obscore");
        String alices = create(alice(), "async", "QUERY", "SELECT TOP 2 * FROM ivoa.obscore");
        XmlPath list = anonymous().get("/async").then().statusCode(200).extract().xmlPath();
        assertEquals(0, list.getList("jobs.jobref").size(), list.prettify());
        anonymous().accept("application/json").get("/async").then().statusCode(200)
                .body(not(containsString(anon)));
        // The job itself, with its query, is reached by its URL; its id is a random (type 4) UUID.
        assertEquals("SELECT TOP 1 * FROM ivoa.obscore",
                job(anonymous(), "async", anon).getString("job.parameters.parameter.find { it.@id == 'QUERY' }"));
        assertEquals(4, java.util.UUID.fromString(anon).version());
        alice().get("/async").then().statusCode(200).body(containsString(alices)).body(not(containsString(anon)));
    }

    @Test
    void controlCharactersInNamesAndValuesAre400NotErrors() {
        anonymous().urlEncodingEnabled(false).get("/selftest/%00").then().statusCode(400)
                .contentType(containsString("text/plain")).body(containsString("malformed jobId"));
        anonymous().urlEncodingEnabled(false).get("/self%00test").then().statusCode(400)
                .body(containsString("malformed jobList"));
        String id = create(anonymous(), "async", "QUERY", "SELECT 1");
        anonymous().urlEncodingEnabled(false).get("/async/" + id + "/parameters/QUE%00RY").then().statusCode(400)
                .body(containsString("malformed name"));
        anonymous().urlEncodingEnabled(false).delete("/async/%00").then().statusCode(400);
        anonymous().formParam("QUERY", "SELECT 1\u0000").post("/async").then().statusCode(400)
                .contentType(containsString("text/plain")).body(containsString("QUERY"), containsString("U+0000"));
        anonymous().formParam("QUERY", "SELECT 1").formParam("RUNID", "r\u0000").post("/async").then()
                .statusCode(400).body(containsString("RUNID"));
        anonymous().formParam("QUERY", "SELECT 1").formParam("x\u0000y", "1").post("/async").then()
                .statusCode(400).body(containsString("malformed parameter name"));
        alice().formParam("ra", "1").formParam("obs_id", "1\u0000").post("/testkind").then().statusCode(400)
                .body(containsString("obs_id"));
        anonymous().formParam("QUERY", "SELECT 2\u0000").post("/async/" + id + "/parameters").then().statusCode(400);
    }

    /** Values Java parses but the gammapy analysis (Python float()) refuses are refused at creation, named. */
    @Test
    void typedParametersAreStrict() {
        for (String bad : List.of("83.6d", "0x1p6", "83.6\n", " 83.6", "1e999")) {
            alice().formParam("ra", bad).post("/testkind").then().statusCode(400)
                    .contentType(containsString("text/plain")).body(containsString("parameter ra"));
        }
        alice().formParam("ra", "1").formParam("nbins", "3\n").post("/testkind").then().statusCode(400)
                .body(containsString("nbins"));
        alice().formParam("ra", "1").formParam("obs_id", "1,2\n").post("/testkind").then().statusCode(400)
                .body(containsString("obs_id"));
        create(alice(), "testkind", "ra", "8.363e1", "nbins", "+3");
        // Free text keeps its line breaks: multi-line ADQL from pyvo/TOPCAT.
        String q = "\nSELECT TOP 1 *\n\tFROM ivoa.obscore\n";
        String id = create(anonymous(), "async", "QUERY", q);
        assertEquals(q, anonymous().get("/async/" + id + "/parameters/QUERY").then().statusCode(200)
                .extract().asString());
    }

    /** Nothing is logged at ERROR while the service starts (the outbox relay waited for its channel: #15). */
    @Test
    void startsWithoutErrors() throws Exception {
        Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        String text = Files.readString(log);
        int started = text.indexOf("started in");
        assertTrue(started > 0, "no start in " + log);
        List<String> errors = text.substring(0, started).lines()
                .filter(l -> l.contains(" ERROR "))
                .filter(l -> !l.contains("broken.json")) // the deliberately invalid test job description
                .toList();
        assertEquals(List.of(), errors);
    }

    /** The job-events consumer is a static member: a restarted replica gets its partitions back at once (#15). */
    @Test
    void eventConsumerIsAStaticGroupMember() throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.describeConsumerGroups(List.of("uws-service"))
                    .all().get().get("uws-service").members().isEmpty());
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of("uws-service")).all().get()
                    .get("uws-service");
            List<String> ids = g.members().stream().map(MemberDescription::groupInstanceId)
                    .map(o -> o.orElse("(dynamic member)")).toList();
            // host-port of the configured port (8092: the test port is chosen later, after the consumer started)
            String host = System.getenv().getOrDefault("GAMMAVO_KAFKA_INSTANCE_ID",
                    System.getenv().getOrDefault("HOSTNAME", "localhost") + "-8092");
            assertEquals(List.of("uws-service-" + host), ids);
        }
    }
}
