package org.gammavo.bridge.it;

import org.gammavo.bridge.adapters.SlurmRestClient;
import org.gammavo.bridge.domain.SlurmJob;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Benchmark harness, not a test (asserts nothing about speed): run with
 * {@code mvn verify -pl slurm-bridge -Dit.test=BridgeBenchmarkIT -Dgammavo.benchmark=true [-Dgammavo.benchmark.jobs=200]}.
 * Prints, for trivial {@code selftest} jobs through the packaged bridge and the real cluster: RunJob-to-EXECUTING
 * latency beside SLURM's own submit-to-start time, the submission rate and the time until all are COMPLETED.
 */
@EnabledIfSystemProperty(named = "gammavo.benchmark", matches = "true", disabledReason = "benchmark: -Dgammavo.benchmark=true")
@ExtendWith(RequiresSlurm.class)
class BridgeBenchmarkIT {

    @Test
    void benchmark() throws Exception {
        int n = Integer.getInteger("gammavo.benchmark.jobs", 200);
        String bootstrap = new PlatformTestResource().start().get("kafka.bootstrap.servers");
        Path results = TestDirs.resultsDir("bench");
        Map<String, String> env = BridgeRestartIT.bridgeEnv(bootstrap, results);
        env.put("GAMMAVO_SLURM_POLL_INTERVAL", System.getProperty("gammavo.benchmark.poll", "500ms"));
        try (KafkaJobs kafka = new KafkaJobs(bootstrap)) {
            BridgeProcess bridge = BridgeProcess.start(env, Path.of("target", "bridge-benchmark.log"));
            try {
                // 1. Latency, one job at a time.
                List<Double> runToExec = new ArrayList<>();
                List<Long> slurmSubmitToStart = new ArrayList<>();
                SlurmRestClient slurm = new SlurmRestClient(env.get("GAMMAVO_SLURM_URL"), env.get("GAMMAVO_SLURM_USER"),
                        env.get("GAMMAVO_SLURM_TOKEN"), null);
                for (int i = 0; i < 10; i++) {
                    String id = "lat-" + UUID.randomUUID();
                    long t0 = System.nanoTime();
                    kafka.run(id, "selftest", Map.of(), 600);
                    kafka.await(id, Duration.ofSeconds(60), ExecutionPhase.EXECUTING);
                    runToExec.add((System.nanoTime() - t0) / 1e9);
                    kafka.awaitFinal(id, Duration.ofSeconds(60));
                    SlurmJob j = slurm.jobs().stream().filter(x -> SlurmJob.nameFor(id).equals(x.name())).findFirst()
                            .orElseThrow();
                    slurmSubmitToStart.add(j.startTime() - j.submitTime());
                }
                System.out.printf("BENCH latency RunJob->EXECUTING s: %s (median %.2f)%n", fmt(runToExec), median(runToExec));
                System.out.printf("BENCH SLURM submit->start s (whole seconds): %s%n", slurmSubmitToStart);

                // 2. Throughput: n trivial jobs at once.
                List<String> ids = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    String id = "bulk-" + i + "-" + UUID.randomUUID();
                    ids.add(id);
                    kafka.run(id, "selftest", Map.of(), 600);
                }
                double sent = (System.nanoTime() - t0) / 1e9;
                for (String id : ids) {
                    kafka.await(id, Duration.ofSeconds(600), ExecutionPhase.QUEUED);
                }
                double queued = (System.nanoTime() - t0) / 1e9;
                long completed = 0;
                for (String id : ids) {
                    JobEvent.PhaseChanged e = kafka.awaitFinal(id, Duration.ofSeconds(1200));
                    completed += e.phase() == ExecutionPhase.COMPLETED ? 1 : 0;
                }
                double all = (System.nanoTime() - t0) / 1e9;
                System.out.printf("BENCH %d jobs: commands sent in %.1f s; all submitted (QUEUED) after %.1f s = %.1f jobs/s; "
                        + "all final after %.1f s; %d COMPLETED%n", n, sent, queued, n / queued, all, completed);
            } finally {
                bridge.stop();
            }
        }
    }

    private static String fmt(List<Double> v) {
        return v.stream().map(d -> String.format("%.2f", d)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted(Comparator.naturalOrder()).toList();
        return s.get(s.size() / 2);
    }
}
