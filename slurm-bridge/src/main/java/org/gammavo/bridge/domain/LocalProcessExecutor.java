package org.gammavo.bridge.domain;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.bridge.adapters.JobEventPublisher;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs as local processes, the executor used when no SLURM cluster is configured.
 * Each job kind is a script {@code jobs/<jobList>.sh} run in the job's own working directory.
 */
@ApplicationScoped
public class LocalProcessExecutor {

    private static final Logger LOG = Logger.getLogger(LocalProcessExecutor.class);

    @Inject
    JobEventPublisher events;

    @ConfigProperty(name = "gammavo.results-dir")
    Path resultsDir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final Map<String, Process> running = new ConcurrentHashMap<>();

    public void run(JobCommand.RunJob cmd) {
        publish(cmd.jobId(), cmd.jobList(), ExecutionPhase.QUEUED, List.of(), null);
        pool.submit(() -> execute(cmd));
    }

    public void abort(String jobId) {
        Process p = running.get(jobId);
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    private void execute(JobCommand.RunJob cmd) {
        try {
            String script = readScript(cmd.jobList());
            Path workDir = Files.createDirectories(resultsDir.resolve(cmd.jobId()));
            Path scriptFile = workDir.resolve("job.sh");
            Files.writeString(scriptFile, script);
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", scriptFile.toString()).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("job.log").toFile());
            pb.environment().put("GAMMAVO_JOB_ID", cmd.jobId());
            cmd.parameters().forEach((k, v) -> pb.environment().put("PARAM_" + k.toUpperCase(), v));
            Process p = pb.start();
            running.put(cmd.jobId(), p);
            publish(cmd.jobId(), cmd.jobList(), ExecutionPhase.EXECUTING, List.of(), null);
            boolean finished = cmd.executionDuration() > 0 ? p.waitFor(cmd.executionDuration(), TimeUnit.SECONDS)
                    : p.waitFor() >= 0;
            running.remove(cmd.jobId());
            if (!finished) {
                p.destroyForcibly();
                publish(cmd.jobId(), cmd.jobList(), ExecutionPhase.ERROR, List.of(),
                        new JobEvent.JobError("fatal", "the job exceeded its execution duration"));
            } else if (p.exitValue() == 0) {
                publish(cmd.jobId(), cmd.jobList(), ExecutionPhase.COMPLETED, results(workDir), null);
            } else {
                publish(cmd.jobId(), cmd.jobList(), ExecutionPhase.ERROR, List.of(),
                        new JobEvent.JobError("fatal", "exit code " + p.exitValue()));
            }
        } catch (Exception e) {
            LOG.errorf(e, "job %s failed to run", cmd.jobId());
            publish(cmd.jobId(), cmd.jobList(), ExecutionPhase.ERROR, List.of(),
                    new JobEvent.JobError("fatal", String.valueOf(e.getMessage())));
        }
    }

    private String readScript(String jobList) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/jobs/" + jobList + ".sh")) {
            if (in == null) {
                throw new IOException("no job script for job list " + jobList);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static List<JobEvent.JobResult> results(Path workDir) throws IOException {
        try (var files = Files.list(workDir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("job."))
                    .sorted().map(f -> result(workDir, f)).toList();
        }
    }

    private static JobEvent.JobResult result(Path workDir, Path f) {
        try {
            byte[] bytes = Files.readAllBytes(f);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            String name = f.getFileName().toString();
            return new JobEvent.JobResult(name, workDir.relativize(f).toString(),
                    name.endsWith(".txt") ? "text/plain" : "application/octet-stream", bytes.length, sha);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(String jobId, String jobList, ExecutionPhase phase, List<JobEvent.JobResult> results,
                         JobEvent.JobError error) {
        events.publish(new JobEvent.PhaseChanged(UUID.randomUUID().toString(), jobId, jobList, Instant.now(), phase,
                "local", null, results, error));
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
