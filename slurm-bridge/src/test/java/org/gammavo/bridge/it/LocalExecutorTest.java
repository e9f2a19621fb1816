package org.gammavo.bridge.it;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without SLURM (a fresh clone): the same contract through local processes. */
@QuarkusTest
@TestProfile(LocalExecutorTest.Local.class)
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class LocalExecutorTest {

    /** No SLURM URL: the local process executor. */
    public static class Local implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gammavo.slurm.mode", "rest", "gammavo.slurm.url", "",
                    "gammavo.results-dir", TestDirs.resultsDir("local").toString());
        }
    }

    static KafkaJobs kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaJobs(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() throws InterruptedException {
        kafka.close();
    }

    @Test
    void healthSaysLocal() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.data.executor", hasItem("local"));
    }

    @Test
    void selftestCompletesWithResults() throws Exception {
        String jobId = "local-ok-" + UUID.randomUUID();
        kafka.run(jobId, "selftest", Map.of(), 60);
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, Duration.ofSeconds(60));
        assertEquals(ExecutionPhase.COMPLETED, done.phase(), () -> "error: " + done.error());
        assertEquals("local", done.executor());
        assertEquals(List.of("result.txt", "manifest"), done.results().stream().map(JobEvent.JobResult::id).toList());
        assertEquals(List.of(ExecutionPhase.QUEUED, ExecutionPhase.EXECUTING, ExecutionPhase.COMPLETED),
                kafka.events(jobId).stream().map(JobEvent.PhaseChanged::phase).toList());
    }

    @Test
    void failureDurationAndAbort() throws Exception {
        String failing = "local-fail-" + UUID.randomUUID();
        String tooLong = "local-long-" + UUID.randomUUID();
        kafka.run(failing, "test-fail", Map.of(), 60);
        kafka.run(tooLong, "test-sleep", Map.of(), 2);
        JobEvent.PhaseChanged failed = kafka.awaitFinal(failing, Duration.ofSeconds(60));
        assertEquals(ExecutionPhase.ERROR, failed.phase());
        assertTrue(failed.error().message().contains("failed on purpose"), failed.error().message());
        JobEvent.PhaseChanged stopped = kafka.awaitFinal(tooLong, Duration.ofSeconds(60));
        assertTrue(stopped.error().message().contains("exceeded its execution duration"));

        String aborted = "local-abort-" + UUID.randomUUID();
        kafka.run(aborted, "test-sleep", Map.of(), 0);
        kafka.await(aborted, Duration.ofSeconds(60), ExecutionPhase.EXECUTING);
        kafka.abort(aborted, "test-sleep");
        assertEquals(ExecutionPhase.ABORTED, kafka.awaitFinal(aborted, Duration.ofSeconds(60)).phase());
    }

    @Test
    void unknownJobKindIsAnError() throws Exception {
        String jobId = "local-unknown-" + UUID.randomUUID();
        kafka.run(jobId, "no-such-kind", Map.of(), 60);
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, Duration.ofSeconds(60));
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertTrue(done.error().message().contains("no job kind 'no-such-kind'"), done.error().message());
    }
}
