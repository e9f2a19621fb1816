package org.gammavo.bridge.it;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.gammavo.bridge.adapters.SlurmRestClient;
import org.gammavo.bridge.domain.BatchScriptRenderer;
import org.gammavo.bridge.domain.SlurmClient;
import org.gammavo.bridge.domain.SlurmJob;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bridge while the real cluster's controller crashes or its node is down: slurmctld killed with -9 right after a
 * submission (it forgets the job and gives its id to the next job), submissions while the node is down or the
 * controller is away. Needs the cluster of {@code cluster/local-slurm.sh} (its {@code env} sets
 * {@code GAMMAVO_TEST_SLURM_DIR}) and root, since the test kills and restarts slurmctld.
 */
@QuarkusTest
@TestProfile(SlurmRestProfile.class)
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(RequiresSlurm.class)
class SlurmControllerCrashTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
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

    /** Whatever a test did, the cluster is whole again for the next one. */
    @AfterEach
    void heal() throws Exception {
        if (controllable()) {
            cluster("start-ctld");
            node("resume");
        }
    }

    private static boolean controllable() {
        String dir = System.getenv("GAMMAVO_TEST_SLURM_DIR");
        return dir != null && !dir.isBlank() && "root".equals(System.getProperty("user.name"));
    }

    private static void assumeControllable() {
        assumeTrue(controllable(), "needs root and GAMMAVO_TEST_SLURM_DIR (cluster/local-slurm.sh env)");
    }

    /** {@code local-slurm.sh <command>} on the test's cluster. */
    private static void cluster(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "cluster/local-slurm.sh", command).inheritIO();
        pb.environment().put("GAMMAVO_SLURM_DIR", System.getenv("GAMMAVO_TEST_SLURM_DIR"));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "local-slurm.sh " + command + " hangs");
        assertEquals(0, p.exitValue(), "local-slurm.sh " + command);
    }

    /** Sets the node's state: {@code drain} or {@code resume} (a node set down returns by itself: ReturnToService=2). */
    private static void node(String state) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "scontrol update nodename=$(sinfo -h -N -o %N | head -1) state="
                + state + (state.equals("resume") ? "" : " reason=test") + " 2>&1 | grep -v 'Invalid node state specified' || true")
                .inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    private static Path jobDir(String jobId) {
        return Path.of(ConfigProvider.getConfig().getValue("gammavo.results-dir", String.class)).resolve(jobId);
    }

    private static List<SlurmJob> slurmJobsOf(String jobId) {
        return slurm.jobs().stream().filter(j -> SlurmJob.nameFor(jobId).equals(j.name())).toList();
    }

    private static void awaitFile(Path file, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (Files.exists(file) && !Files.readString(file).isBlank()) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // being written
            }
            Thread.sleep(2);
        }
        throw new AssertionError(file + " did not appear in " + timeout);
    }

    @Test
    void jobLostByACrashedControllerIsNotReportedFromTheJobThatGetsItsId() throws Exception {
        assumeControllable();
        String jobId = "crash-" + UUID.randomUUID();
        kafka.run(jobId, "test-short", Map.of(), 600);
        Path idFile = jobDir(jobId).resolve(".job/executor-job-id");
        awaitFile(idFile, Duration.ofSeconds(60));
        cluster("kill-ctld"); // within milliseconds of the submission: slurmctld has not saved the job
        String lostId = Files.readString(idFile).strip();
        cluster("start-ctld");
        // Another user's quick job right after the restart: it gets the id slurmctld forgot, and completes.
        String intruder = slurm.submit(new SlurmClient.Submission("intruder-" + UUID.randomUUID(), "not a UWS job",
                "/tmp", Map.of("PATH", "/usr/bin:/bin"), "/dev/null", "/dev/null", 1, "#!/bin/bash\ntrue\n"));
        System.out.printf("controller crash: job %s was SLURM job %s; after the restart %s went to another job%n",
                jobId, lostId, intruder);

        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, WAIT);
        assertEquals(ExecutionPhase.COMPLETED, done.phase(), () -> "error: " + done.error());
        // Reported from the job's own run: its result and its exit status are there, written by SLURM job ...
        assertTrue(Files.readString(jobDir(jobId).resolve("slept.txt")).contains(jobId), "the job's own result");
        String exitStatus = Files.readString(jobDir(jobId).resolve(BatchScriptRenderer.EXIT_STATUS)).strip();
        assertEquals("0 " + done.executorJobId(), exitStatus);
        // ... which is the job of that name, not the one that got the lost id.
        SlurmJob reported = slurm.jobs().stream().filter(j -> j.slurmJobId().equals(done.executorJobId()))
                .findFirst().orElseThrow();
        assertEquals(SlurmJob.nameFor(jobId), reported.name());
        assertEquals(1, slurmJobsOf(jobId).size(), "one SLURM job of this name");
        assertTrue(kafka.events(jobId).stream().noneMatch(e -> e.phase().isFinal() && e != done), "one final event");
    }

    @Test
    void submissionWhileTheNodeIsDrainedStaysQueuedAndRunsWhenItReturns() throws Exception {
        assumeControllable();
        node("drain");
        String jobId = "node-down-" + UUID.randomUUID();
        kafka.run(jobId, "selftest", Map.of(), 600);
        kafka.await(jobId, WAIT, ExecutionPhase.QUEUED);
        Thread.sleep(3000);
        assertTrue(kafka.events(jobId).stream().noneMatch(e -> e.phase().isFinal()),
                () -> "a drained node does not end the job: " + kafka.events(jobId));
        assertEquals(1, slurmJobsOf(jobId).size(), "SLURM queued it");
        node("resume");
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, WAIT);
        assertEquals(ExecutionPhase.COMPLETED, done.phase(), () -> "error: " + done.error());
        assertEquals(1, slurmJobsOf(jobId).size());
    }

    @Test
    void submissionWhileTheControllerIsAwayIsSettledWhenItReturns() throws Exception {
        assumeControllable();
        cluster("kill-ctld");
        String jobId = "ctld-down-" + UUID.randomUUID();
        kafka.run(jobId, "selftest", Map.of(), 600);
        kafka.await(jobId, WAIT, ExecutionPhase.QUEUED);
        assertTrue(kafka.events(jobId).stream().noneMatch(e -> e.phase().isFinal()), () -> kafka.events(jobId).toString());
        cluster("start-ctld");
        JobEvent.PhaseChanged done = kafka.awaitFinal(jobId, WAIT);
        assertEquals(ExecutionPhase.COMPLETED, done.phase(), () -> "error: " + done.error());
        assertEquals(1, slurmJobsOf(jobId).size(), "exactly one SLURM job");
    }
}
