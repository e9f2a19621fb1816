package org.gammavo.uws;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.xml.XmlPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every UWS 1.1 endpoint as an HTTP client uses it, against the service with a real Kafka broker and PostgreSQL;
 * the test plays the executor over Kafka.
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class UwsProtocolTest {

    static ExecutorPlayer executor;

    @BeforeAll
    static void startExecutor() {
        executor = new ExecutorPlayer(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void stopExecutor() {
        executor.close();
    }

    static RequestSpecification alice() {
        return given().auth().preemptive().basic("alice", "alice").redirects().follow(false);
    }

    static RequestSpecification bob() {
        return given().auth().preemptive().basic("bob", "bob").redirects().follow(false);
    }

    static RequestSpecification anonymous() {
        return given().redirects().follow(false);
    }

    /** Creates a job, checks the 303, and returns its jobId. */
    static String create(RequestSpecification as, String list, Object... params) {
        RequestSpecification r = as.contentType("application/x-www-form-urlencoded");
        for (int i = 0; i < params.length; i += 2) {
            r = r.formParam((String) params[i], params[i + 1]);
        }
        Response resp = r.post("/" + list);
        resp.then().statusCode(303).header("Location", containsString("/uws/" + list + "/"));
        String loc = resp.header("Location");
        return loc.substring(loc.lastIndexOf('/') + 1);
    }

    static XmlPath job(RequestSpecification as, String list, String id) {
        return as.get("/" + list + "/" + id).then().statusCode(200).contentType(containsString("xml"))
                .extract().xmlPath();
    }

    static String phase(String list, String id) {
        return alice().get("/" + list + "/" + id + "/phase").then().statusCode(200).extract().asString();
    }

    static void awaitPhase(String list, String id, String phase) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> phase.equals(phase(list, id)));
    }

    static List<JobCommand> awaitCommands(String jobId, int n) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> executor.commands(jobId).size() >= n);
        return executor.commands(jobId);
    }

    static Path resultsDir() {
        return Path.of(ConfigProvider.getConfig().getValue("gammavo.uws.results-dir", String.class));
    }

    @Test
    void listsJobListsWithTheirDescriptions() {
        given().get("").then().statusCode(200)
                .body("id", hasItem("selftest"))
                .body("id", hasItem("async"))
                .body("id", hasItem("testkind"))
                .body("id", not(hasItem("broken")))
                .body("find { it.id == 'async' }.anonymous", equalTo(true))
                .body("find { it.id == 'testkind' }.descriptionId", equalTo("testkind@3"));
        given().get("/testkind/description").then().statusCode(200).contentType(containsString("json"))
                .body("parameters.find { it.name == 'ra' }.unit", equalTo("deg"))
                .body("parameters.find { it.name == 'ra' }.ucd", equalTo("pos.eq.ra;meta.main"))
                .body("parameters.find { it.name == 'model' }.allowed", hasItem("log-parabola"))
                .body("results[0].mimeType", equalTo("text/plain"));
        XmlPath vot = given().accept("application/x-votable+xml").get("/testkind/description").then()
                .statusCode(200).contentType(containsString("votable")).extract().xmlPath();
        assertEquals("adhoc:service", vot.getString("VOTABLE.RESOURCE.@utype"));
        assertEquals("deg", vot.getString("VOTABLE.RESOURCE.GROUP[0].PARAM.find { it.@name == 'ra' }.@unit"));
        assertEquals("360", vot.getString("VOTABLE.RESOURCE.GROUP[0].PARAM.find { it.@name == 'ra' }.VALUES.MAX.@value"));
        given().get("/nosuchlist/description").then().statusCode(404).body(containsString("nosuchlist"));
    }

    @Test
    void creationNeedsCredentialsUnlessTheListIsAnonymous() {
        anonymous().formParam("ra", "10").post("/testkind").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .body(containsString("authentication"));
        given().auth().preemptive().basic("alice", "wrong").formParam("ra", "10").post("/testkind")
                .then().statusCode(401);
        String id = create(anonymous(), "async", "query", "SELECT TOP 1 * FROM ivoa.obscore", "lang", "ADQL");
        XmlPath x = job(anonymous(), "async", id);
        assertEquals("true", x.getString("job.ownerId.@'xsi:nil'"));
        assertEquals("SELECT TOP 1 * FROM ivoa.obscore", x.getString("job.parameters.parameter.find { it.@id == 'QUERY' }"));
        // Anonymous jobs are listed to nobody (UwsHardeningTest): the URL from the creation is the way back.
        anonymous().get("/async").then().statusCode(200).body(not(containsString(id)));
        alice().get("/async").then().statusCode(200).body(not(containsString(id)));
    }

    @Test
    void refusesBadParametersNamingThem() {
        alice().formParam("ra", "400").post("/testkind").then().statusCode(400)
                .contentType(containsString("text/plain")).body(containsString("ra"));
        alice().formParam("ra", "1").formParam("nbins", "ten").post("/testkind").then().statusCode(400)
                .body(containsString("nbins"));
        alice().formParam("ra", "1").formParam("model", "broken-law").post("/testkind").then().statusCode(400)
                .body(containsString("model"));
        alice().formParam("ra", "1").formParam("obs_id", "12;drop").post("/testkind").then().statusCode(400)
                .body(containsString("obs_id"));
        alice().formParam("ra", "1").formParam("stack", "maybe").post("/testkind").then().statusCode(400)
                .body(containsString("stack"));
        alice().formParam("ra", "1").formParam("tstart", "yesterday").post("/testkind").then().statusCode(400)
                .body(containsString("tstart"));
        alice().formParam("ra", "1").formParam("colour", "red").post("/testkind").then().statusCode(400)
                .body(containsString("colour"));
        alice().formParam("ra", "1").formParam("region", "text").post("/testkind").then().statusCode(400)
                .body(containsString("region"));
        alice().formParam("PHASE", "RUN").formParam("nbins", "3").post("/testkind").then().statusCode(400)
                .body(containsString("missing required parameter ra"));
        alice().formParam("PHASE", "SUSPEND").formParam("ra", "1").post("/testkind").then().statusCode(400)
                .body(containsString("PHASE"));
        alice().formParam("ra", "1").formParam("EXECUTIONDURATION", "-5").post("/testkind").then().statusCode(400)
                .body(containsString("EXECUTIONDURATION"));
        alice().formParam("ra", "1").post("/nosuchlist").then().statusCode(404);
        String id = create(alice(), "testkind", "nbins", "3");
        alice().formParam("PHASE", "RUN").post("/testkind/" + id + "/phase").then().statusCode(400)
                .body(containsString("ra"));
        assertEquals("PENDING", phase("testkind", id));
    }

    @Test
    void fullLifecycleThroughEverySubResource() throws Exception {
        String id = create(alice(), "testkind", "RA", "83.63", "obs_id", "23523,23526", "RUNID", "crab-1",
                "model", "log-parabola");
        XmlPath x = job(alice(), "testkind", id);
        assertEquals("1.1", x.getString("job.@version"));
        assertEquals(id, x.getString("job.jobId"));
        assertEquals("crab-1", x.getString("job.runId"));
        assertEquals("alice", x.getString("job.ownerId"));
        assertEquals("PENDING", x.getString("job.phase"));
        assertEquals("600", x.getString("job.executionDuration"));
        assertEquals("true", x.getString("job.startTime.@'xsi:nil'"));
        assertEquals("83.63", x.getString("job.parameters.parameter.find { it.@id == 'ra' }"));
        // Element order of the XSD's JobSummary.
        String raw = alice().get("/testkind/" + id).asString();
        assertTrue(raw.contains("xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\""), raw);
        int last = -1;
        for (String el : List.of("jobId", "runId", "ownerId", "phase", "quote", "creationTime", "startTime",
                "endTime", "executionDuration", "destruction", "parameters", "results")) {
            int at = raw.indexOf("<uws:" + el);
            assertTrue(at > last, el + " out of order in " + raw);
            last = at;
        }

        alice().get("/testkind/" + id + "/owner").then().statusCode(200).body(equalTo("alice"));
        alice().get("/testkind/" + id + "/quote").then().statusCode(200).body(containsString("T"));
        alice().get("/testkind/" + id + "/error").then().statusCode(404);
        alice().get("/testkind/" + id + "/parameters/ra").then().statusCode(200).body(equalTo("83.63"));
        alice().get("/testkind/" + id + "/parameters").then().statusCode(200)
                .body(containsString("id=\"obs_id\""));
        alice().formParam("EXECUTIONDURATION", "100000").post("/testkind/" + id + "/executionduration")
                .then().statusCode(303);
        alice().get("/testkind/" + id + "/executionduration").then().body(equalTo("900"));
        alice().formParam("EXECUTIONDURATION", "120").post("/testkind/" + id + "/executionduration")
                .then().statusCode(303);
        alice().get("/testkind/" + id + "/executionduration").then().body(equalTo("120"));
        alice().formParam("DESTRUCTION", "2031-01-01T00:00:00Z").post("/testkind/" + id + "/destruction")
                .then().statusCode(303);
        Instant d = Instant.parse(alice().get("/testkind/" + id + "/destruction").asString());
        assertTrue(d.isBefore(Instant.now().plus(Duration.ofDays(31))), "destruction capped: " + d);
        alice().formParam("DESTRUCTION", "2030-02-03T04:05:06").post("/testkind/" + id + "/destruction")
                .then().statusCode(303);
        alice().formParam("nbins", "20").post("/testkind/" + id + "/parameters").then().statusCode(303);
        alice().formParam("nbins", "2000").post("/testkind/" + id + "/parameters").then().statusCode(400);
        alice().get("/testkind/" + id + "/parameters/nbins").then().body(equalTo("20"));

        alice().formParam("PHASE", "RUN").post("/testkind/" + id + "/phase").then().statusCode(303)
                .header("Location", endsWith("/testkind/" + id));
        assertEquals("QUEUED", phase("testkind", id));
        alice().formParam("PHASE", "RUN").post("/testkind/" + id + "/phase").then().statusCode(409)
                .body(containsString("PENDING"));
        alice().formParam("nbins", "5").post("/testkind/" + id + "/parameters").then().statusCode(409);
        alice().formParam("EXECUTIONDURATION", "5").post("/testkind/" + id + "/executionduration")
                .then().statusCode(409);

        JobCommand.RunJob run = assertInstanceOf(JobCommand.RunJob.class, awaitCommands(id, 1).get(0));
        assertEquals("testkind@3", run.descriptionId());
        assertEquals("slurm", run.executor());
        assertEquals("alice", run.ownerId());
        assertEquals("crab-1", run.runId());
        assertEquals(120, run.executionDuration());
        assertEquals(Map.of("ra", "83.63", "obs_id", "23523,23526", "model", "log-parabola", "nbins", "20"),
                run.parameters());

        executor.report(id, "testkind", ExecutionPhase.QUEUED, List.of(), null);
        JobEvent.PhaseChanged executing = executor.report(id, "testkind", ExecutionPhase.EXECUTING, List.of(), null);
        awaitPhase("testkind", id, "EXECUTING");
        Path dir = Files.createDirectories(resultsDir().resolve(id));
        Files.writeString(dir.resolve("result.txt"), "flux 1e-11\n");
        Files.writeString(dir.resolve("manifest.json"), """
                {"inputs":[{"obs_publisher_did":"ivo://gammavo/hess?23523","path":"hess/obs_023523.fits.gz","sha256":"ab12"}],
                 "outputs":[{"name":"result.txt","path":"result.txt","mimeType":"text/plain","sha256":"cd34"}],
                 "software":{"name":"gammapy","version":"1.0"},"executorJobId":"4242"}""");
        var result = new JobEvent.JobResult("result.txt", "result.txt", "text/plain", 11, "cd34");
        JobEvent.PhaseChanged completed = executor.report(id, "testkind", ExecutionPhase.COMPLETED,
                List.of(result), null);
        awaitPhase("testkind", id, "COMPLETED");
        // Duplicates and late events never move the job backwards.
        executor.send(executing);
        executor.send(completed);
        executor.report(id, "testkind", ExecutionPhase.ERROR, List.of(), new JobEvent.JobError("fatal", "late"));
        Thread.sleep(500);
        x = job(alice(), "testkind", id);
        assertEquals("COMPLETED", x.getString("job.phase"));
        assertFalse(x.getString("job.endTime").isEmpty());
        String href = x.getString("job.results.result.@'xlink:href'");
        assertTrue(href.startsWith("http") && href.endsWith("/uws/testkind/" + id + "/results/result.txt"), href);
        assertEquals("text/plain", x.getString("job.results.result.@mime-type"));
        alice().get("/testkind/" + id + "/results").then().statusCode(200).body(containsString("result.txt"));
        alice().get("/testkind/" + id + "/results/result.txt").then().statusCode(200)
                .contentType(containsString("text/plain")).body(equalTo("flux 1e-11\n"));
        alice().get("/testkind/" + id + "/results/nothing").then().statusCode(404);
        alice().formParam("PHASE", "ABORT").post("/testkind/" + id + "/phase").then().statusCode(409)
                .body(containsString("finished"));

        var prov = alice().get("/testkind/" + id + "/provenance").then().statusCode(200).extract().jsonPath();
        String activity = "uws:testkind/" + id;
        assertEquals("testkind@3", prov.getString("activity.'" + activity + "'.'voprov:descriptionId'"));
        assertEquals("83.63", prov.getString("activity.'" + activity + "'.'voprov:parameter.ra'"));
        assertEquals("4242", prov.getString("activity.'" + activity + "'.'gammavo:executorJobId'"));
        assertEquals("ab12", prov.getString("entity.'ivo://gammavo/hess?23523'.'gammavo:sha256'"));
        assertEquals("cd34", prov.getString("entity.'uws:testkind/" + id + "/results/result.txt'.'gammavo:sha256'"));
        assertEquals("prov:Person", prov.getString("agent.'gammavo:user/alice'.'prov:type'"));
        assertEquals("prov:SoftwareAgent", prov.getString("agent.'gammavo:software/gammapy-1.0'.'prov:type'"));
        assertTrue(prov.getMap("used").size() == 1 && prov.getMap("wasGeneratedBy").size() == 1);

        var json = alice().accept("application/json").get("/testkind/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("COMPLETED", json.getString("phase"));
        assertEquals(href, json.getString("results[0].href"));
        assertEquals(1, executor.commands(id).size(), "exactly one command for a job that ran once");
    }

    @Test
    void errorFromTheExecutorIsShown() {
        String id = create(alice(), "testkind", "ra", "1", "PHASE", "RUN");
        awaitCommands(id, 1);
        executor.report(id, "testkind", ExecutionPhase.ERROR, List.of(),
                new JobEvent.JobError("fatal", "no observations match"));
        awaitPhase("testkind", id, "ERROR");
        XmlPath x = job(alice(), "testkind", id);
        assertEquals("fatal", x.getString("job.errorSummary.@type"));
        assertEquals("no observations match", x.getString("job.errorSummary.message"));
        alice().get("/testkind/" + id + "/error").then().statusCode(200).body(containsString("no observations"));
        alice().get("/testkind/" + id + "/provenance").then().statusCode(200);
    }

    @Test
    void waitBlocksUntilThePhaseChanges() {
        String id = create(alice(), "testkind", "ra", "1", "PHASE", "RUN");
        awaitCommands(id, 1);
        // A PHASE different from the job's answers at once.
        long t0 = System.nanoTime();
        assertEquals("QUEUED", job(alice().queryParam("WAIT", "10").queryParam("PHASE", "PENDING"), "testkind", id)
                .getString("job.phase"));
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L);
        new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException ignored) {
            }
            executor.report(id, "testkind", ExecutionPhase.EXECUTING, List.of(), null);
        }).start();
        t0 = System.nanoTime();
        assertEquals("EXECUTING", job(alice().queryParam("WAIT", "12"), "testkind", id).getString("job.phase"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 500 && ms < 8_000, "WAIT answered after " + ms + " ms");
        // No change: WAIT times out and returns the job unchanged.
        t0 = System.nanoTime();
        assertEquals("EXECUTING", job(alice().queryParam("WAIT", "1"), "testkind", id).getString("job.phase"));
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 900);
        alice().queryParam("WAIT", "soon").get("/testkind/" + id).then().statusCode(400).body(containsString("WAIT"));
        executor.report(id, "testkind", ExecutionPhase.COMPLETED, List.of(), null);
        awaitPhase("testkind", id, "COMPLETED");
        t0 = System.nanoTime();
        job(alice().queryParam("WAIT", "-1"), "testkind", id);
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "no WAIT on a finished job");
    }

    @Test
    void abortStopsQueuedAndPendingJobs() {
        String pending = create(alice(), "testkind", "ra", "1");
        alice().formParam("PHASE", "ABORT").post("/testkind/" + pending + "/phase").then().statusCode(303);
        assertEquals("ABORTED", phase("testkind", pending));
        alice().formParam("PHASE", "RUN").post("/testkind/" + pending + "/phase").then().statusCode(409);

        String queued = create(alice(), "testkind", "ra", "1", "PHASE", "RUN");
        awaitCommands(queued, 1);
        alice().formParam("PHASE", "ABORT").post("/testkind/" + queued + "/phase").then().statusCode(303);
        assertEquals("ABORTED", phase("testkind", queued));
        List<JobCommand> cmds = awaitCommands(queued, 2);
        assertInstanceOf(JobCommand.AbortJob.class, cmds.get(1));
        // The executor's late report does not revive it.
        executor.report(queued, "testkind", ExecutionPhase.EXECUTING, List.of(), null);
        alice().queryParam("WAIT", "1").get("/testkind/" + queued).then().body(containsString("ABORTED"));
        alice().formParam("PHASE", "ABORT").post("/testkind/" + queued + "/phase").then().statusCode(409);
        assertTrue(executor.commands(pending).isEmpty(), "a job never run needs no command");
    }

    @Test
    void deleteByDeleteAndByActionDelete() {
        String a = create(alice(), "testkind", "ra", "1", "PHASE", "RUN");
        awaitCommands(a, 1);
        alice().delete("/testkind/" + a).then().statusCode(303).header("Location", endsWith("/uws/testkind"));
        alice().get("/testkind/" + a).then().statusCode(404);
        assertInstanceOf(JobCommand.DeleteJob.class, awaitCommands(a, 2).get(1));
        String b = create(alice(), "testkind", "ra", "1");
        alice().formParam("ACTION", "DELETE").post("/testkind/" + b).then().statusCode(303);
        alice().get("/testkind/" + b).then().statusCode(404);
        alice().get("/testkind").then().body(not(containsString(b)));
        String c = create(alice(), "testkind", "ra", "1");
        alice().formParam("ACTION", "DESTROY").post("/testkind/" + c).then().statusCode(400)
                .body(containsString("ACTION"));
    }

    @Test
    void ownersSeeOnlyTheirOwnJobs() {
        String alices = create(alice(), "testkind", "ra", "1");
        String bobs = create(bob(), "testkind", "ra", "2");
        bob().get("/testkind/" + alices).then().statusCode(403);
        bob().get("/testkind/" + alices + "/phase").then().statusCode(403);
        bob().get("/testkind/" + alices + "/parameters").then().statusCode(403);
        bob().formParam("PHASE", "RUN").post("/testkind/" + alices + "/phase").then().statusCode(403);
        bob().delete("/testkind/" + alices).then().statusCode(403);
        anonymous().get("/testkind/" + alices).then().statusCode(401);
        bob().get("/testkind").then().statusCode(200).body(containsString(bobs)).body(not(containsString(alices)));
        alice().get("/testkind").then().statusCode(200).body(containsString(alices)).body(not(containsString(bobs)));
        anonymous().get("/testkind").then().statusCode(200).body(not(containsString(alices)))
                .body(not(containsString(bobs)));
        assertEquals("PENDING", phase("testkind", alices));
    }

    @Test
    void jobListFilters() {
        Instant before = Instant.now().minusMillis(5);
        String p1 = create(bob(), "selftest");
        String p2 = create(bob(), "selftest");
        String q = create(bob(), "selftest", "PHASE", "RUN");
        XmlPath all = bob().get("/selftest").then().statusCode(200).extract().xmlPath();
        assertEquals("1.1", all.getString("jobs.@version"));
        assertTrue(all.getList("jobs.jobref.@id").containsAll(List.of(p1, p2, q)));
        assertTrue(all.getString("jobs.jobref.find { it.@id == '" + q + "' }.@'xlink:href'").endsWith("/uws/selftest/" + q));
        assertEquals("bob", all.getString("jobs.jobref.find { it.@id == '" + q + "' }.ownerId"));
        List<String> queued = bob().queryParam("PHASE", "QUEUED").get("/selftest").xmlPath().getList("jobs.jobref.@id");
        assertTrue(queued.contains(q) && !queued.contains(p1));
        List<String> both = bob().queryParam("PHASE", "QUEUED").queryParam("phase", "PENDING").get("/selftest")
                .xmlPath().getList("jobs.jobref.@id");
        assertTrue(both.containsAll(List.of(p1, p2, q)));
        List<String> after = bob().queryParam("AFTER", before.toString()).get("/selftest").xmlPath()
                .getList("jobs.jobref.@id");
        assertEquals(List.of(q, p2, p1), after, "newest first");
        assertEquals(List.of(q, p2), bob().queryParam("LAST", "2").get("/selftest").xmlPath().getList("jobs.jobref.@id"));
        bob().queryParam("LAST", "0").get("/selftest").then().statusCode(400).body(containsString("LAST"));
        bob().queryParam("PHASE", "DONE").get("/selftest").then().statusCode(400).body(containsString("PHASE"));
        bob().queryParam("AFTER", "noon").get("/selftest").then().statusCode(400).body(containsString("AFTER"));
        bob().accept("application/json").queryParam("LAST", "1").get("/selftest").then().statusCode(200)
                .body("jobs[0].jobId", equalTo(q)).body("version", equalTo("1.1"));
    }

    @Test
    void aPostWithoutBodyTakesTheQueryString() {
        Response r = alice().post("/selftest?PHASE=RUN&RUNID=bare");
        r.then().statusCode(303);
        String id = r.header("Location").substring(r.header("Location").lastIndexOf('/') + 1);
        assertEquals("QUEUED", phase("selftest", id));
        assertEquals("bare", job(alice(), "selftest", id).getString("job.runId"));
    }

    @Test
    void selftestRunsAsTheEndToEndTestDoes() {
        String id = create(alice(), "selftest", "PHASE", "RUN");
        JobCommand.RunJob run = assertInstanceOf(JobCommand.RunJob.class, awaitCommands(id, 1).get(0));
        assertEquals("selftest@1", run.descriptionId());
        assertEquals("selftest", run.jobList());
        executor.report(id, "selftest", ExecutionPhase.EXECUTING, List.of(), null);
        executor.report(id, "selftest", ExecutionPhase.COMPLETED, List.of(), null);
        awaitPhase("selftest", id, "COMPLETED");
    }

    @Test
    void fileParametersAreUploadedIntoTheJobDirectory() throws Exception {
        Response r = alice().multiPart("ra", "12.5").multiPart("region", "crab.reg",
                        "circle(83.63,22.01,0.1)".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/testkind");
        r.then().statusCode(303);
        String id = r.header("Location").substring(r.header("Location").lastIndexOf('/') + 1);
        XmlPath x = job(alice(), "testkind", id);
        assertEquals("file:uploads/region", x.getString("job.parameters.parameter.find { it.@id == 'region' }"));
        assertEquals("true", x.getString("job.parameters.parameter.find { it.@id == 'region' }.@byReference"));
        assertEquals("circle(83.63,22.01,0.1)", Files.readString(resultsDir().resolve(id).resolve("uploads/region")));
        alice().delete("/testkind/" + id).then().statusCode(303);
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(resultsDir().resolve(id)));
    }

    @Test
    void overrunningJobsAreAborted() {
        String id = create(alice(), "testkind", "ra", "1", "EXECUTIONDURATION", "1", "PHASE", "RUN");
        awaitCommands(id, 1);
        executor.report(id, "testkind", ExecutionPhase.EXECUTING, List.of(), null);
        awaitPhase("testkind", id, "EXECUTING");
        awaitPhase("testkind", id, "ABORTED");
        assertInstanceOf(JobCommand.AbortJob.class, awaitCommands(id, 2).get(1));
        alice().get("/testkind/" + id + "/error").then().statusCode(200).body(containsString("execution duration"));
    }

    @Test
    void expiredJobsAreDestroyed() throws Exception {
        String id = create(alice(), "testkind", "ra", "1",
                "DESTRUCTION", Instant.now().plusSeconds(1).toString());
        Files.createDirectories(resultsDir().resolve(id));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> alice().get("/testkind/" + id).statusCode() == 404);
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(resultsDir().resolve(id)));
    }

    @Test
    void aPoisonEventIsSkippedAndTheOthersStillApply() {
        String id = create(alice(), "testkind", "ra", "1", "PHASE", "RUN");
        awaitCommands(id, 1);
        // An eventId longer than its column: it can never be stored, however often it is retried.
        executor.send(new JobEvent.PhaseChanged("x".repeat(100), id, "testkind", Instant.now(),
                ExecutionPhase.EXECUTING, "slurm", null, List.of(), null));
        executor.report(id, "testkind", ExecutionPhase.EXECUTING, List.of(), null);
        awaitPhase("testkind", id, "EXECUTING");
        executor.report(id, "testkind", ExecutionPhase.COMPLETED, List.of(), null);
        awaitPhase("testkind", id, "COMPLETED");
    }

    @Test
    void healthIsUp() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
    }
}
