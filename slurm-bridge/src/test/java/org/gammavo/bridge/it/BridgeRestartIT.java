package org.gammavo.bridge.it;

import org.gammavo.bridge.adapters.SlurmRestClient;
import org.gammavo.bridge.domain.SlurmJob;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of the bridge while jobs run, then a restart: every job reaches its final phase, none is submitted twice.
 * Runs the packaged bridge against the real cluster and a real broker (failsafe, after {@code package}).
 */
@ExtendWith(RequiresSlurm.class)
class BridgeRestartIT {

    static Map<String, String> bridgeEnv(String bootstrap, Path results) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("GAMMAVO_RESULTS_DIR", results.toString());
        env.put("GAMMAVO_SLURM_URL", System.getenv("GAMMAVO_TEST_SLURM_URL"));
        env.put("GAMMAVO_SLURM_USER", System.getenv().getOrDefault("GAMMAVO_TEST_SLURM_USER", "gammavo"));
        env.put("GAMMAVO_SLURM_TOKEN", System.getenv("GAMMAVO_TEST_SLURM_TOKEN"));
        env.put("GAMMAVO_SLURM_POLL_INTERVAL", "500ms");
        // One replica restarted: the same static group member (a fixed host:port in production; the test's port is
        // random, so the id is given here).
        env.put("GAMMAVO_KAFKA_INSTANCE_ID", "slurm-bridge-test-" + UUID.randomUUID());
        // The test job kinds live in the test resources, not in the packaged bridge.
        env.put("GAMMAVO_JOB_TEMPLATES_DIR", Path.of("src/test/resources/jobs").toAbsolutePath().toString());
        return env;
    }

    @Test
    void everyJobReachesItsFinalPhaseAfterKill9() throws Exception {
        String bootstrap = new PlatformTestResource().start().get("kafka.bootstrap.servers");
        Path results = TestDirs.resultsDir("restart");
        Map<String, String> env = bridgeEnv(bootstrap, results);
        // Kafka's default session (45 s) rather than the bridge's 10 s, so that only static membership can explain
        // a fast takeover after the restart.
        env.put("MP_MESSAGING_INCOMING_JOB_COMMANDS_SESSION_TIMEOUT_MS", "45000");
        Path log = Path.of("target", "bridge-restart.log");
        List<String> jobs = new ArrayList<>();
        try (KafkaJobs kafka = new KafkaJobs(bootstrap)) {
            BridgeProcess first = BridgeProcess.start(env, log);
            List<JobCommand.RunJob> sent = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    String id = "restart-" + i + "-" + UUID.randomUUID();
                    jobs.add(id);
                    sent.add(kafka.run(id, "test-short", Map.of(), 600));
                }
                for (String id : jobs) {
                    kafka.await(id, Duration.ofSeconds(60), ExecutionPhase.QUEUED);
                }
                kafka.await(jobs.get(0), Duration.ofSeconds(60), ExecutionPhase.EXECUTING);
            } finally {
                first.kill9();
            }

            // While it is down: a new job, and a redelivered run command of a running one.
            String late = "restart-late-" + UUID.randomUUID();
            jobs.add(late);
            kafka.run(late, "selftest", Map.of(), 600);
            kafka.send(sent.get(1));

            long restart = System.nanoTime();
            BridgeProcess second = BridgeProcess.start(env, log);
            long ready = System.nanoTime();
            try {
                // The new job's command waits in Kafka: it arrives once the restarted bridge has its partitions back.
                kafka.await(late, Duration.ofSeconds(120), ExecutionPhase.QUEUED);
                long queued = System.nanoTime();
                System.out.printf("restart: bridge ready after %.1f s, first command consumed %.1f s after the restart%n",
                        (ready - restart) / 1e9, (queued - restart) / 1e9);
                // Readiness includes the consumer's partitions, so the time counts from the restart: JVM start
                // (~5-10 s here) plus the takeover, which without static membership is the 45 s session.
                long took = Duration.ofNanos(queued - restart).toSeconds();
                assertTrue(took < 25, "the restarted bridge consumed its first command " + took + " s after the "
                        + "restart: static membership not in effect?");
                for (String id : jobs) {
                    JobEvent.PhaseChanged done = kafka.awaitFinal(id, Duration.ofSeconds(120));
                    assertEquals(ExecutionPhase.COMPLETED, done.phase(), () -> id + ": " + done.error());
                }
            } finally {
                second.stop();
            }
        }
        SlurmRestClient slurm = new SlurmRestClient(System.getenv("GAMMAVO_TEST_SLURM_URL"),
                env.get("GAMMAVO_SLURM_USER"), System.getenv("GAMMAVO_TEST_SLURM_TOKEN"), null);
        List<SlurmJob> all = slurm.jobs();
        for (String id : jobs) {
            assertEquals(1, all.stream().filter(j -> SlurmJob.nameFor(id).equals(j.name())).count(),
                    "exactly one SLURM job for " + id);
        }
    }
}
