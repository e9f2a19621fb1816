package org.gammavo.bridge.it;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line alternative (sbatch/scontrol/scancel) against the same real cluster; needs SLURM_CONF. */
@QuarkusTest
@TestProfile(SlurmCliProfile.class)
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(RequiresSlurm.class)
class SlurmCliTest {

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
    void jobCompletesThroughSbatch() throws Exception {
        String jobId = "cli-ok-" + UUID.randomUUID();
        kafka.run(jobId, "selftest", Map.of(), 600);
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, Duration.ofSeconds(90));
        assertEquals(ExecutionPhase.COMPLETED, done.phase(), () -> "error: " + done.error());
        assertTrue(done.results().stream().anyMatch(r -> r.id().equals("result.txt")));
    }

    @Test
    void failureAndAbortThroughTheCommandLine() throws Exception {
        String failing = "cli-fail-" + UUID.randomUUID();
        String sleeping = "cli-abort-" + UUID.randomUUID();
        kafka.run(failing, "test-fail", Map.of(), 600);
        kafka.run(sleeping, "test-sleep", Map.of(), 0);
        JobEvent.PhaseChanged failed = kafka.awaitFinal(failing, Duration.ofSeconds(90));
        assertEquals(ExecutionPhase.ERROR, failed.phase());
        assertTrue(failed.error().message().contains("exit code 3"), failed.error().message());
        kafka.await(sleeping, Duration.ofSeconds(90), ExecutionPhase.EXECUTING);
        kafka.abort(sleeping, "test-sleep");
        assertEquals(ExecutionPhase.ABORTED, kafka.awaitFinal(sleeping, Duration.ofSeconds(90)).phase());
    }
}
