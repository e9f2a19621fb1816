package org.gammavo.bridge.domain;

import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs UWS jobs as SLURM batch jobs: exactly one SLURM job per UWS job, tracked until its final phase.
 *
 * <p><b>Exactly once.</b> A job's directory records the submission ({@code .job/submitting} before the call,
 * {@code .job/executor-job-id} after). A run command for a job never seen is submitted at once; for a job seen
 * before (redelivery, restart) the bridge takes the recorded id or, if it crashed inside the submission, looks the
 * job up in SLURM by name ({@code uws-<jobId>}) and submits only if SLURM has none.
 *
 * <p><b>Tracking.</b> One poll lists every job slurmctld knows ({@link SlurmClient#jobs()}: one request, whatever
 * the number of jobs watched) and publishes each watched job's phase changes. The poll runs every
 * {@code pollInterval}; while SLURM fails it backs off (doubling up to {@code maxBackoff}); with nothing to watch it
 * makes no request. The bridge also enforces the UWS executionDuration to the second (SLURM's own {@code --time},
 * in whole minutes, is the backstop).
 *
 * <p><b>Restart.</b> {@link #reconcile()} watches again every job whose final phase was not reported.
 */
public class SlurmExecutor implements JobExecutor {

    private static final Logger LOG = Logger.getLogger(SlurmExecutor.class.getName());
    /** Polls in a row in which SLURM does not list a watched job before the job is declared lost. */
    static final int LOST_AFTER_POLLS = 5;

    private final SlurmClient slurm;
    private final JobStore store;
    private final JobPreparer preparer;
    private final PhaseEvents events;
    private final Map<String, String> jobEnvironment;
    private final Duration pollInterval;
    private final Duration maxBackoff;

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slurm-poller");
        t.setDaemon(true);
        return t;
    });
    private volatile Duration delay;
    private volatile Instant lastPoll;
    private volatile String lastPollError;

    /**
     * @param jobEnvironment environment every job gets (PATH, data directories, ...); the job's own variables are added
     * @param pollInterval   time between two polls of SLURM while jobs are watched
     * @param maxBackoff     longest time between polls while SLURM does not answer
     */
    public SlurmExecutor(SlurmClient slurm, JobStore store, JobPreparer preparer, PhaseEvents events,
                         Map<String, String> jobEnvironment, Duration pollInterval, Duration maxBackoff) {
        this.slurm = slurm;
        this.store = store;
        this.preparer = preparer;
        this.events = events;
        this.jobEnvironment = Map.copyOf(jobEnvironment);
        this.pollInterval = pollInterval;
        this.maxBackoff = maxBackoff;
        this.delay = pollInterval;
    }

    /** Starts polling. */
    public void start() {
        poller.schedule(this::pollAndReschedule, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        poller.shutdownNow();
    }

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public String describe() {
        return slurm.describe() + ", watching " + watched.size() + " job(s), last poll "
                + (lastPoll == null ? "never" : lastPoll) + (lastPollError == null ? "" : ", last error: " + lastPollError);
    }

    /** The jobs being watched, for health and tests. */
    public int watchedCount() {
        return watched.size();
    }

    @Override
    public synchronized void run(JobCommand.RunJob command) {
        String jobId = command.jobId();
        if (watched.containsKey(jobId) || store.reported(jobId).isPresent()) {
            LOG.info(() -> "job " + jobId + " already submitted or finished: run command " + command.commandId()
                    + " ignored");
            return;
        }
        if (store.known(jobId)) {
            Optional<String> existing = store.executorJobId(jobId).or(() -> findByName(jobId));
            if (existing.isPresent()) {
                LOG.info(() -> "job " + jobId + " is SLURM job " + existing.get() + ": not submitted again");
                store.recordExecutorJobId(jobId, existing.get());
                watch(command, existing.get());
                return;
            }
        }
        submit(command);
    }

    private void submit(JobCommand.RunJob command) {
        String jobId = command.jobId();
        String script;
        try {
            script = preparer.script(command);
        } catch (ParameterValidator.InvalidParametersException e) {
            store.prepare(command, "#!/bin/bash\nexit 2\n");
            finish(command.jobId(), command.jobList(), null, ExecutionPhase.ERROR, List.of(),
                    new JobEvent.JobError("fatal", e.getMessage()));
            return;
        }
        store.prepare(command, script);
        store.markSubmitting(jobId);
        Map<String, String> env = new HashMap<>(jobEnvironment);
        env.put("GAMMAVO_JOB_ID", jobId);
        env.put("GAMMAVO_JOB_LIST", command.jobList());
        env.put("GAMMAVO_JOB_DIR", store.dir(jobId).toString());
        env.put("MPLCONFIGDIR", store.dir(jobId).resolve(".job/mpl").toString());
        String slurmJobId;
        try {
            slurmJobId = slurm.submit(new SlurmClient.Submission(SlurmJob.nameFor(jobId),
                    SlurmJob.commentFor(command.jobList(), jobId), store.dir(jobId).toString(), env,
                    store.stdout(jobId).toString(), store.stderr(jobId).toString(),
                    timeLimitMinutes(command.executionDuration()), script));
        } catch (SlurmClient.SlurmException e) {
            LOG.log(Level.WARNING, "submission of job " + jobId + " failed", e);
            if (e.isTransient()) {
                // Thrown to the consumer: the command is not acknowledged and comes back; the submitting mark makes
                // the retry look SLURM up first.
                throw e;
            }
            finish(jobId, command.jobList(), null, ExecutionPhase.ERROR, List.of(),
                    new JobEvent.JobError("fatal", "SLURM refused the job: " + e.getMessage()));
            return;
        }
        store.recordExecutorJobId(jobId, slurmJobId);
        LOG.info(() -> "job " + jobId + " submitted as SLURM job " + slurmJobId);
        Watched w = watch(command, slurmJobId);
        publish(jobId, command.jobList(), slurmJobId, ExecutionPhase.QUEUED, List.of(), null);
        w.phase = ExecutionPhase.QUEUED;
    }

    /** SLURM counts time limits in whole minutes; the bridge stops the job at the exact second itself. */
    static long timeLimitMinutes(long executionDurationSeconds) {
        if (executionDurationSeconds <= 0) {
            return 0;
        }
        return Math.max(1, (executionDurationSeconds + 59) / 60 + 1);
    }

    private Optional<String> findByName(String jobId) {
        String name = SlurmJob.nameFor(jobId);
        return slurm.jobs().stream().filter(j -> name.equals(j.name()) || jobId.equals(j.uwsJobId()))
                .map(SlurmJob::slurmJobId).reduce((a, b) -> b);
    }

    private Watched watch(JobCommand.RunJob command, String slurmJobId) {
        Watched w = new Watched(command.jobId(), command.jobList(), slurmJobId, command.executionDuration());
        watched.put(command.jobId(), w);
        return w;
    }

    @Override
    public synchronized void abort(String jobId) {
        stopBecause(jobId, SlurmStateMapper.StopReason.ABORT);
    }

    private void stopBecause(String jobId, SlurmStateMapper.StopReason reason) {
        Watched w = watched.get(jobId);
        Optional<String> slurmJobId = w != null ? Optional.of(w.slurmJobId) : store.executorJobId(jobId);
        if (slurmJobId.isEmpty() || store.reported(jobId).isPresent()) {
            LOG.info(() -> "job " + jobId + " is not running here: " + reason + " ignored");
            return;
        }
        store.recordStopReason(jobId, reason);
        if (w != null) {
            w.stopReason = reason;
        }
        try {
            slurm.cancel(slurmJobId.get());
        } catch (SlurmClient.SlurmException e) {
            // Already finished, or SLURM briefly away: the poll reports whatever state the job ends in.
            LOG.warning("cancelling SLURM job " + slurmJobId.get() + " failed: " + e.getMessage());
            if (e.isTransient()) {
                throw e;
            }
            return;
        }
        LOG.info(() -> "job " + jobId + " (SLURM " + slurmJobId.get() + ") cancelled: " + reason);
    }

    @Override
    public synchronized void delete(String jobId) {
        if (watched.containsKey(jobId) || (store.executorJobId(jobId).isPresent() && store.reported(jobId).isEmpty())) {
            stopBecause(jobId, SlurmStateMapper.StopReason.ABORT);
        }
        watched.remove(jobId);
        store.delete(jobId);
    }

    @Override
    public synchronized void reconcile() {
        for (String jobId : store.unreported()) {
            Optional<JobCommand.RunJob> command = store.command(jobId);
            if (command.isEmpty() || watched.containsKey(jobId)) {
                continue;
            }
            Optional<String> slurmJobId = store.executorJobId(jobId);
            if (slurmJobId.isPresent()) {
                Watched w = watch(command.get(), slurmJobId.get());
                w.stopReason = store.stopReason(jobId).orElse(null);
                w.phase = ExecutionPhase.QUEUED;
            } else if (store.isSubmitting(jobId)) {
                // Crashed inside a submission: run() looks SLURM up by name and submits only if SLURM has none.
                try {
                    run(command.get());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot reconcile job " + jobId + " now; it is retried at the next start", e);
                }
            }
        }
        LOG.info(() -> "reconciled: watching " + watched.size() + " job(s)");
    }

    private void pollAndReschedule() {
        try {
            poll();
            delay = pollInterval;
            lastPollError = null;
        } catch (RuntimeException e) {
            lastPollError = e.getMessage();
            delay = Duration.ofMillis(Math.min(maxBackoff.toMillis(), delay.toMillis() * 2));
            LOG.warning("polling SLURM failed (next try in " + delay + "): " + e.getMessage());
        } finally {
            if (!poller.isShutdown()) {
                poller.schedule(this::pollAndReschedule, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** One round: list SLURM's jobs once and bring every watched job up to date. */
    void poll() {
        if (watched.isEmpty()) {
            return;
        }
        Map<String, SlurmJob> byId = new HashMap<>();
        for (SlurmJob j : slurm.jobs()) {
            byId.put(j.slurmJobId(), j);
        }
        lastPoll = Instant.now();
        for (Watched w : List.copyOf(watched.values())) {
            synchronized (this) {
                if (watched.get(w.jobId) == w) {
                    update(w, byId.get(w.slurmJobId));
                }
            }
        }
    }

    private void update(Watched w, SlurmJob job) {
        if (job == null) {
            if (++w.misses >= LOST_AFTER_POLLS) {
                finish(w.jobId, w.jobList, w.slurmJobId, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError(
                        "transient", "SLURM no longer knows job " + w.slurmJobId + " (lost by the cluster)"));
            }
            return;
        }
        w.misses = 0;
        SlurmStateMapper.Outcome outcome = SlurmStateMapper.map(job, w.stopReason);
        ExecutionPhase phase = outcome.phase();
        if (phase == null) {
            return;
        }
        if (phase == ExecutionPhase.EXECUTING && w.executionDuration > 0 && job.startTime() > 0
                && w.stopReason == null
                && Instant.now().getEpochSecond() - job.startTime() >= w.executionDuration) {
            LOG.info(() -> "job " + w.jobId + " ran past its execution duration of " + w.executionDuration + " s");
            stopBecause(w.jobId, SlurmStateMapper.StopReason.DURATION_EXCEEDED);
        }
        if (phase == w.phase) {
            return;
        }
        if (phase.isFinal()) {
            if (w.phase != ExecutionPhase.EXECUTING && job.startTime() > 0) {
                // It started and ended between two polls: say it ran, so the job's history is complete.
                publish(w.jobId, w.jobList, w.slurmJobId, ExecutionPhase.EXECUTING, List.of(), null);
            }
            finishFromSlurm(w, outcome);
            return;
        }
        if (w.phase == ExecutionPhase.EXECUTING && phase == ExecutionPhase.QUEUED) {
            return; // requeued: UWS phases never go back
        }
        publish(w.jobId, w.jobList, w.slurmJobId, phase, List.of(), null);
        w.phase = phase;
    }

    private void finishFromSlurm(Watched w, SlurmStateMapper.Outcome outcome) {
        switch (outcome.phase()) {
            case COMPLETED -> {
                List<JobEvent.JobResult> results;
                try {
                    results = store.collectResults(w.jobId, w.slurmJobId);
                } catch (IllegalStateException e) {
                    finish(w.jobId, w.jobList, w.slurmJobId, ExecutionPhase.ERROR, List.of(),
                            new JobEvent.JobError("fatal", e.getMessage()));
                    return;
                }
                finish(w.jobId, w.jobList, w.slurmJobId, ExecutionPhase.COMPLETED, results, null);
            }
            case ERROR -> {
                String summary = store.failureSummary(w.jobId);
                String message = summary.isEmpty() ? outcome.reason() : outcome.reason() + ": " + summary;
                finish(w.jobId, w.jobList, w.slurmJobId, ExecutionPhase.ERROR, List.of(),
                        new JobEvent.JobError(outcome.errorType(), message));
            }
            default -> finish(w.jobId, w.jobList, w.slurmJobId, outcome.phase(), List.of(), null);
        }
    }

    private void finish(String jobId, String jobList, String slurmJobId, ExecutionPhase phase,
                        List<JobEvent.JobResult> results, JobEvent.JobError error) {
        publish(jobId, jobList, slurmJobId, phase, results, error);
        // Marked after the event is acknowledged: a crash in between re-publishes (uws-service ignores repeats).
        if (store.dir(jobId).toFile().isDirectory()) {
            store.markReported(jobId, phase);
        }
        watched.remove(jobId);
    }

    private void publish(String jobId, String jobList, String slurmJobId, ExecutionPhase phase,
                         List<JobEvent.JobResult> results, JobEvent.JobError error) {
        events.publish(new JobEvent.PhaseChanged(UUID.randomUUID().toString(), jobId, jobList, Instant.now(), phase,
                name(), slurmJobId, results, error));
    }

    /** A job the bridge follows until its final phase. */
    private static final class Watched {
        final String jobId;
        final String jobList;
        final String slurmJobId;
        final long executionDuration;
        volatile ExecutionPhase phase;
        volatile SlurmStateMapper.StopReason stopReason;
        int misses;

        Watched(String jobId, String jobList, String slurmJobId, long executionDuration) {
            this.jobId = jobId;
            this.jobList = jobList;
            this.slurmJobId = slurmJobId;
            this.executionDuration = executionDuration;
        }
    }
}
