package org.gammavo.bridge.it;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.gammavo.bridge.adapters.SlurmRestClient;
import org.gammavo.bridge.domain.SlurmJob;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bridge against the real single-node SLURM cluster (slurmrestd, JWT): start it with
 * {@code cluster/local-slurm.sh start} and {@code eval "$(cluster/local-slurm.sh env)"}; skipped otherwise.
 */
@QuarkusTest
@TestProfile(SlurmRestProfile.class)
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(RequiresSlurm.class)
class SlurmBridgeTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    static KafkaJobs kafka;
    static SlurmRestClient slurm;

    @BeforeAll
    static void connect() {
        kafka = new KafkaJobs(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        slurm = new SlurmRestClient(System.getenv("GAMMAVO_TEST_SLURM_URL"),
                System.getenv().getOrDefault("GAMMAVO_TEST_SLURM_USER", "gammavo"),
                System.getenv("GAMMAVO_TEST_SLURM_TOKEN"), null);
    }

    @AfterAll
    static void close() throws InterruptedException {
        kafka.close();
    }

    private static Path jobDir(String jobId) {
        return Path.of(ConfigProvider.getConfig().getValue("gammavo.results-dir", String.class)).resolve(jobId);
    }

    private static List<SlurmJob> slurmJobsOf(String jobId) {
        return slurm.jobs().stream().filter(j -> SlurmJob.nameFor(jobId).equals(j.name())).toList();
    }

    @Test
    void healthSaysSlurm() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.data.executor", hasItem("slurm"));
    }

    @Test
    void jobCompletesWithResultsAndManifest() throws Exception {
        String jobId = "rest-ok-" + UUID.randomUUID();
        kafka.run(jobId, "selftest", Map.of(), 600);
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, WAIT);
        assertEquals(ExecutionPhase.COMPLETED, done.phase(), () -> "error: " + done.error());
        assertEquals("slurm", done.executor());
        assertTrue(done.executorJobId().matches("\\d+"), done.executorJobId());
        List<ExecutionPhase> phases = kafka.events(jobId).stream().map(JobEvent.PhaseChanged::phase).toList();
        assertEquals(List.of(ExecutionPhase.QUEUED, ExecutionPhase.EXECUTING, ExecutionPhase.COMPLETED), phases);
        JobEvent.JobResult result = done.results().stream().filter(r -> r.id().equals("result.txt")).findFirst()
                .orElseThrow();
        Path file = jobDir(jobId).resolve(result.path());
        assertTrue(Files.readString(file).contains(jobId));
        assertEquals(Files.size(file), result.size());
        assertEquals("text/plain", result.mimeType());
        assertTrue(done.results().stream().anyMatch(r -> r.id().equals("manifest")));
        assertTrue(Files.readString(jobDir(jobId).resolve("manifest.json")).contains(done.executorJobId()));
        SlurmJob sj = slurmJobsOf(jobId).get(0);
        assertEquals("uws:selftest/" + jobId, sj.comment());
    }

    @Test
    void failingJobEndsInErrorWithItsReason() throws Exception {
        String jobId = "rest-fail-" + UUID.randomUUID();
        kafka.run(jobId, "test-fail", Map.of(), 600);
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, WAIT);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertTrue(done.error().message().contains("exit code 3"), done.error().message());
        assertTrue(done.error().message().contains("failed on purpose"), done.error().message());
    }

    @Test
    void jobPastItsExecutionDurationIsStopped() throws Exception {
        String jobId = "rest-long-" + UUID.randomUUID();
        long start = System.nanoTime();
        kafka.run(jobId, "test-sleep", Map.of(), 3);
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, WAIT);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertTrue(done.error().message().contains("exceeded its execution duration"), done.error().message());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 60, "stopped to the second, not the minute");
        assertEquals("CANCELLED", slurmJobsOf(jobId).get(0).state());
    }

    @Test
    void abortCancelsTheRunningSlurmJob() throws Exception {
        String jobId = "rest-abort-" + UUID.randomUUID();
        kafka.run(jobId, "test-sleep", Map.of(), 0);
        kafka.await(jobId, WAIT, ExecutionPhase.EXECUTING);
        kafka.abort(jobId, "test-sleep");
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, WAIT);
        assertEquals(ExecutionPhase.ABORTED, done.phase());
        assertEquals("CANCELLED", slurmJobsOf(jobId).get(0).state());
    }

    @Test
    void duplicateRunCommandDoesNotSubmitTwice() throws Exception {
        String jobId = "rest-dup-" + UUID.randomUUID();
        kafka.run(jobId, "selftest", Map.of(), 600);
        kafka.run(jobId, "selftest", Map.of(), 600);
        kafka.awaitFinal(jobId, WAIT);
        kafka.run(jobId, "selftest", Map.of(), 600);
        Thread.sleep(2000);
        assertEquals(1, slurmJobsOf(jobId).size());
        assertEquals(1, kafka.events(jobId).stream().filter(e -> e.phase().isFinal()).count());
    }

    @Test
    void invalidParametersNeverReachSlurm() throws Exception {
        String jobId = "rest-bad-" + UUID.randomUUID();
        kafka.run(jobId, "cutout", Map.of("obs_id", "23523; rm -rf /", "ra", "400", "dec", "22"), 600);
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, WAIT);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertTrue(done.error().message().contains("obs_id"), done.error().message());
        assertTrue(done.error().message().contains("ra = 400.0 is outside"), done.error().message());
        assertTrue(slurmJobsOf(jobId).isEmpty());
    }

    @Test
    void cutoutAnalysisRunsOnTheClusterWithProvenance() throws Exception {
        assumeTrue(!TestDirs.sharedData().isEmpty(), "no shared DL3 data (../shared/data or GAMMAVO_SHARED_DATA)");
        String jobId = "rest-cutout-" + UUID.randomUUID();
        kafka.run(jobId, "cutout", Map.of("obs_id", "23523", "ra", "83.633", "dec", "22.0145", "radius", "0.5",
                "energy_min", "1"), 600);
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, Duration.ofSeconds(180));
        assertEquals(ExecutionPhase.COMPLETED, done.phase(), () -> "error: " + done.error());
        assertTrue(done.results().stream().anyMatch(r -> r.id().equals("cutout_23523.fits.gz")
                && r.mimeType().equals("application/fits") && r.size() > 0), done.results().toString());
        String manifest = Files.readString(jobDir(jobId).resolve("manifest.json"));
        assertTrue(manifest.contains("\"obs_publisher_did\": \"ivo://gammavo.org/hess-dl3-dr1?23523\""), manifest);
        assertTrue(manifest.contains("\"executorJobId\": \"" + done.executorJobId() + "\""), manifest);
        assertFalse(manifest.contains("\"sha256\": null"));
    }
}
