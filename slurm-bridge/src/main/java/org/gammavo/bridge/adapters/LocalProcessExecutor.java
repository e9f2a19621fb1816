package org.gammavo.bridge.adapters;

import org.gammavo.bridge.domain.JobExecutor;
import org.gammavo.bridge.domain.JobPreparer;
import org.gammavo.bridge.domain.JobStore;
import org.gammavo.bridge.domain.InvalidParametersException;
import org.gammavo.bridge.domain.PhaseEvents;
import org.gammavo.bridge.domain.SlurmStateMapper;
import org.gammavo.bridge.domain.TargetResolver;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs as local processes: the executor when no SLURM cluster is configured (a fresh clone, the local stack).
 * Same contract as SLURM: the same rendered batch script in the same job directory, the same results and manifest,
 * the same phases (QUEUED, EXECUTING, then COMPLETED, ERROR or ABORTED); executor name {@code local}.
 *
 * <p>Processes die with the bridge, so at start-up the jobs whose final phase was never reported run again.
 */
public class LocalProcessExecutor implements JobExecutor {

    private static final Logger LOG = Logger.getLogger(LocalProcessExecutor.class);

    private final JobStore store;
    private final JobPreparer preparer;
    private final PhaseEvents events;
    private final Map<String, String> jobEnvironment;
    private final ExecutorService pool;
    /** Preparations tried again while the resolver is away. */
    private final ScheduledExecutorService retries;
    private final int parallel;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> accepted = new ConcurrentHashMap<>();

    public LocalProcessExecutor(JobStore store, JobPreparer preparer, PhaseEvents events,
                                Map<String, String> jobEnvironment, int parallel) {
        this.store = store;
        this.preparer = preparer;
        this.events = events;
        this.jobEnvironment = Map.copyOf(jobEnvironment);
        this.parallel = parallel;
        this.pool = Executors.newFixedThreadPool(parallel);
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-prepare-retry");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public String describe() {
        return "local processes (" + parallel + " at a time), " + running.size() + " running";
    }

    @Override
    public void run(JobCommand.RunJob cmd) {
        if (store.reported(cmd.jobId()).isPresent() || accepted.putIfAbsent(cmd.jobId(), true) != null) {
            LOG.infof("job %s already accepted: run command %s ignored", cmd.jobId(), cmd.commandId());
            return;
        }
        prepareAndQueue(cmd, 1);
    }

    /**
     * Renders the job's script and queues it. While the resolver is away the job stays QUEUED and is prepared again
     * with backoff (1 s doubling to 30 s) until its execution duration (or an hour) is used up, as with SLURM.
     */
    private void prepareAndQueue(JobCommand.RunJob cmd, int attempt) {
        String jobId = cmd.jobId();
        if (attempt > 1 && (!accepted.containsKey(jobId) || store.reported(jobId).isPresent())) {
            return; // deleted or ended meanwhile
        }
        if (attempt > 1 && store.stopReason(jobId).isPresent()) {
            finish(cmd, ExecutionPhase.ABORTED, List.of(), null);
            return;
        }
        String script;
        try {
            script = preparer.script(cmd);
        } catch (InvalidParametersException e) {
            store.prepare(cmd, "#!/bin/bash\nexit 2\n");
            store.markPrepared(jobId);
            finish(cmd, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError("fatal", e.getMessage()));
            return;
        } catch (TargetResolver.ResolverUnavailableException e) {
            if (!store.known(jobId)) {
                store.prepare(cmd, "#!/bin/bash\n# waiting for its target to be resolved: never run\nexit 75\n");
            }
            store.markPreparing(jobId);
            Instant since = store.preparingSince(jobId).orElseGet(Instant::now);
            long limit = cmd.executionDuration() > 0 ? cmd.executionDuration() : 3600;
            if (Instant.now().isAfter(since.plusSeconds(limit))) {
                finish(cmd, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError("transient", e.getMessage()
                        + " (still so after " + attempt + " attempt(s), when the job's execution duration ran out)"));
                return;
            }
            if (attempt == 1) {
                publish(cmd, ExecutionPhase.QUEUED, List.of(), null);
            }
            long delay = Math.min(30, 1L << Math.min(5, attempt - 1));
            LOG.warnf("job %s cannot be prepared yet (%s): QUEUED, tried again in %d s", jobId, e.getMessage(), delay);
            retries.schedule(() -> prepareAndQueue(cmd, attempt + 1), delay, TimeUnit.SECONDS);
            return;
        }
        store.prepare(cmd, script);
        store.markPrepared(jobId);
        if (attempt == 1) {
            publish(cmd, ExecutionPhase.QUEUED, List.of(), null);
        }
        pool.submit(() -> execute(cmd));
    }

    private void execute(JobCommand.RunJob cmd) {
        String jobId = cmd.jobId();
        try {
            if (store.stopReason(jobId).isPresent()) {
                finish(cmd, ExecutionPhase.ABORTED, List.of(), null);
                return;
            }
            ProcessBuilder pb = new ProcessBuilder("/bin/bash", store.script(jobId).toString())
                    .directory(store.dir(jobId).toFile())
                    .redirectOutput(store.stdout(jobId).toFile()).redirectError(store.stderr(jobId).toFile());
            pb.environment().putAll(jobEnvironment);
            pb.environment().put("GAMMAVO_JOB_ID", jobId);
            pb.environment().put("GAMMAVO_JOB_LIST", cmd.jobList());
            pb.environment().put("GAMMAVO_JOB_DIR", store.dir(jobId).toString());
            pb.environment().put("MPLCONFIGDIR", store.dir(jobId).resolve(".job/mpl").toString());
            String executorJobId = "local-" + jobId;
            pb.environment().put("GAMMAVO_EXECUTOR_JOB_ID", executorJobId);
            store.recordExecutorJobId(jobId, executorJobId);
            Process p = pb.start();
            running.put(jobId, p);
            publish(cmd, ExecutionPhase.EXECUTING, List.of(), null);
            boolean finished = cmd.executionDuration() > 0 ? p.waitFor(cmd.executionDuration(), TimeUnit.SECONDS)
                    : p.waitFor() >= 0;
            if (!finished) {
                store.recordStopReason(jobId, SlurmStateMapper.StopReason.DURATION_EXCEEDED);
                kill(p);
            }
            running.remove(jobId);
            var reason = store.stopReason(jobId);
            if (reason.isPresent()) {
                if (reason.get() == SlurmStateMapper.StopReason.DURATION_EXCEEDED) {
                    finish(cmd, ExecutionPhase.ERROR, List.of(),
                            new JobEvent.JobError("fatal", SlurmStateMapper.DURATION_EXCEEDED));
                } else {
                    finish(cmd, ExecutionPhase.ABORTED, List.of(), null);
                }
            } else if (p.exitValue() == 0) {
                List<JobEvent.JobResult> results;
                try {
                    results = store.collectResults(jobId, executorJobId);
                } catch (IllegalStateException e) {
                    finish(cmd, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError("fatal", e.getMessage()));
                    return;
                }
                finish(cmd, ExecutionPhase.COMPLETED, results, null);
            } else {
                String summary = store.failureSummary(jobId);
                finish(cmd, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError("fatal",
                        "the job failed with exit code " + p.exitValue() + (summary.isEmpty() ? "" : ": " + summary)));
            }
        } catch (Exception e) {
            LOG.errorf(e, "job %s failed to run", jobId);
            running.remove(jobId);
            finish(cmd, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError("fatal", String.valueOf(e.getMessage())));
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
    }

    @Override
    public void abort(String jobId) {
        if (!accepted.containsKey(jobId) || store.reported(jobId).isPresent()) {
            return;
        }
        store.recordStopReason(jobId, SlurmStateMapper.StopReason.ABORT);
        Process p = running.get(jobId);
        if (p != null) {
            try {
                kill(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void delete(String jobId) {
        abort(jobId);
        accepted.remove(jobId);
        store.delete(jobId);
    }

    @Override
    public void reconcile() {
        for (String jobId : store.unreported()) {
            store.command(jobId).ifPresent(cmd -> {
                accepted.put(jobId, true);
                if (store.preparingSince(jobId).isPresent()) {
                    LOG.infof("job %s was waiting for the resolver when the bridge stopped: prepared again", jobId);
                    retries.execute(() -> prepareAndQueue(cmd, 2));
                    return;
                }
                LOG.infof("job %s was not finished when the bridge stopped: running it again", jobId);
                pool.submit(() -> execute(cmd));
            });
        }
    }

    private void finish(JobCommand.RunJob cmd, ExecutionPhase phase, List<JobEvent.JobResult> results,
                        JobEvent.JobError error) {
        publish(cmd, phase, results, error);
        if (store.dir(cmd.jobId()).toFile().isDirectory()) {
            store.markReported(cmd.jobId(), phase);
        }
    }

    private void publish(JobCommand.RunJob cmd, ExecutionPhase phase, List<JobEvent.JobResult> results,
                         JobEvent.JobError error) {
        events.publish(new JobEvent.PhaseChanged(UUID.randomUUID().toString(), cmd.jobId(), cmd.jobList(),
                Instant.now(), phase, name(), store.executorJobId(cmd.jobId()).orElse(null), results, error));
    }

    public void stop() {
        retries.shutdownNow();
        pool.shutdownNow();
    }
}
