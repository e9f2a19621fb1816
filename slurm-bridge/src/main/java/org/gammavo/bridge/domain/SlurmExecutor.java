package org.gammavo.bridge.domain;

import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * <p><b>Identity.</b> A SLURM job id alone does not name a job: slurmctld killed with -9 loses its last seconds of
 * state and gives the lost ids to new jobs. The bridge's job is the one with name {@code uws-<jobId>} (or comment
 * {@code uws:<list>/<jobId>}); every state read under a recorded id is checked against that name first, and a job
 * is COMPLETED only when its own batch script wrote its exit status into the job's directory
 * ({@link BatchScriptRenderer#EXIT_STATUS}).
 *
 * <p><b>Exactly once.</b> A job's directory records the submission ({@code .job/submitting} before the first call,
 * {@code .job/executor-job-id} after). A submission whose outcome is unknown (no answer, 5xx, an answer with errors
 * and no job id) is not an end: at every poll the job is looked up by name in the listing, tracked if SLURM has
 * it, and submitted again with backoff only after a listing showed no job of that name — until the job's
 * execution duration (at most {@code submitTimeout}) is used up. Only a definite refusal (invalid script or
 * parameters: {@link SlurmClient.SlurmException#isTransient()} false) ends the job in ERROR at once. The same holds
 * before the submission: while the resolver cannot be reached for the job's target
 * ({@link TargetResolver.ResolverUnavailableException}) the job stays QUEUED and is prepared again with backoff; a
 * name unknown to the resolver ends it at once.
 *
 * <p><b>Lost jobs.</b> A job whose SLURM record vanished (lost by the controller, or its id now another job's), or
 * which SLURM requeued and holds after a failed launch ({@link SlurmJob#heldAfterRequeue()}: cancelled first), is
 * judged by what its own batch script left: an exit status → reported from it; a start ({@code .job/runs}) without
 * an exit status → ERROR, never run again, its partial outputs moved out of the results; no start → submitted once
 * more, and a second loss ends it in ERROR.
 *
 * <p><b>Tracking.</b> One poll lists every job slurmctld knows ({@link SlurmClient#jobs()}: one request, whatever
 * the number of jobs watched) and publishes each watched job's phase changes. The poll runs every
 * {@code pollInterval}; while SLURM fails it backs off (doubling up to {@code maxBackoff}); with nothing to watch it
 * makes no request. The bridge also enforces the UWS executionDuration to the second (SLURM's own {@code --time},
 * in whole minutes, is the backstop).
 *
 * <p><b>Restart.</b> {@link #reconcile()} watches again every job whose final phase was not reported; it makes no
 * SLURM call (the next poll decides), so it works while the cluster is away.
 */
public class SlurmExecutor implements JobExecutor {

    private static final Logger LOG = Logger.getLogger(SlurmExecutor.class.getName());
    /**
     * Polls in a row in which SLURM does not list a watched job (or lists a COMPLETED job that left no exit status)
     * before the bridge acts on it: a short grace for a listing or a shared filesystem that lags.
     */
    static final int LOST_AFTER_POLLS = 5;
    /** Longest time an unknown submission is retried when the job has no execution duration. */
    static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofHours(1);
    /** The error of a job that SLURM lost while it ran (docs/chaos.md, finding 6). */
    static final String LOST_AFTER_START = "SLURM lost the job after it started (controller restart); it was not run again";
    /** Batch script of a job still waiting for its preparation: the real one replaces it before any submission. */
    private static final String WAITING_SCRIPT = "#!/bin/bash\n# waiting for its target to be resolved: never submitted\nexit 75\n";

    private final SlurmClient slurm;
    private final JobStore store;
    private final JobPreparer preparer;
    private final PhaseEvents events;
    private final Map<String, String> jobEnvironment;
    private final Duration pollInterval;
    private final Duration maxBackoff;
    private final Duration submitTimeout;
    private final Clock clock;

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slurm-poller");
        t.setDaemon(true);
        return t;
    });
    private volatile Duration delay;
    private volatile Instant lastPoll;
    private volatile String lastPollError;

    public SlurmExecutor(SlurmClient slurm, JobStore store, JobPreparer preparer, PhaseEvents events,
                         Map<String, String> jobEnvironment, Duration pollInterval, Duration maxBackoff) {
        this(slurm, store, preparer, events, jobEnvironment, pollInterval, maxBackoff, DEFAULT_SUBMIT_TIMEOUT,
                Clock.systemUTC());
    }

    /**
     * @param jobEnvironment environment every job gets (PATH, data directories, ...); the job's own variables are added
     * @param pollInterval   time between two polls of SLURM while jobs are watched
     * @param maxBackoff     longest time between polls, or between two attempts to submit a job, while SLURM fails
     * @param submitTimeout  longest time a submission with unknown outcome is retried (less if the job's
     *                       execution duration is shorter)
     * @param clock          the time (tests move it)
     */
    public SlurmExecutor(SlurmClient slurm, JobStore store, JobPreparer preparer, PhaseEvents events,
                         Map<String, String> jobEnvironment, Duration pollInterval, Duration maxBackoff,
                         Duration submitTimeout, Clock clock) {
        this.slurm = slurm;
        this.store = store;
        this.preparer = preparer;
        this.events = events;
        this.jobEnvironment = Map.copyOf(jobEnvironment);
        this.pollInterval = pollInterval;
        this.maxBackoff = maxBackoff;
        this.submitTimeout = submitTimeout;
        this.clock = clock;
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
        long waiting = watched.values().stream().filter(w -> w.slurmJobId == null).count();
        long preparing = watched.values().stream().filter(w -> w.awaitingScript).count();
        return slurm.describe() + ", watching " + watched.size() + " job(s)"
                + (waiting == 0 ? "" : " (" + waiting + " not yet accepted by SLURM)")
                + (preparing == 0 ? "" : " (" + preparing + " waiting for the resolver)") + ", last poll "
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
        if (store.known(jobId) && resume(command)) {
            return;
        }
        submit(command);
    }

    /**
     * Watches again a job seen before (redelivered command, restarted bridge) without calling SLURM: under its
     * recorded id (checked against its name at the next poll), or — if the bridge died inside a submission or the
     * outcome was unknown — as a submission to settle: the next poll looks it up by name and submits only if SLURM
     * has none.
     *
     * @return false if the job was never submitted
     */
    private boolean resume(JobCommand.RunJob command) {
        String jobId = command.jobId();
        Optional<String> existing = store.executorJobId(jobId);
        if (existing.isPresent()) {
            LOG.info(() -> "job " + jobId + " is SLURM job " + existing.get() + ": not submitted again");
            Watched w = watch(command, existing.get());
            w.stopReason = store.stopReason(jobId).orElse(null);
            w.phase = ExecutionPhase.QUEUED;
            return true;
        }
        if (store.isSubmitting(jobId)) {
            LOG.info(() -> "job " + jobId + " may have been submitted: looked up by name before any new submission");
            Watched w = watch(command, null);
            w.stopReason = store.stopReason(jobId).orElse(null);
            w.deadline = deadline(store.submittingSince(jobId).orElse(clock.instant()), command.executionDuration());
            w.nextSubmit = clock.instant();
            return true;
        }
        Optional<Instant> preparing = store.preparingSince(jobId);
        if (preparing.isPresent()) {
            LOG.info(() -> "job " + jobId + " waits for the resolver since " + preparing.get() + ": prepared again at the next poll");
            Watched w = watch(command, null);
            w.stopReason = store.stopReason(jobId).orElse(null);
            w.awaitingScript = true;
            w.deadline = deadline(preparing.get(), command.executionDuration());
            w.nextSubmit = clock.instant();
            return true;
        }
        return false;
    }

    private void submit(JobCommand.RunJob command) {
        submitPrepared(new Watched(command, null), prepare(command));
    }

    /** The job's batch script, or why there is none yet (resolver away) or ever (invalid parameters). */
    private record Preparation(String script, RuntimeException failure) {
    }

    private Preparation prepare(JobCommand.RunJob command) {
        try {
            return new Preparation(preparer.script(command), null);
        } catch (InvalidParametersException | TargetResolver.ResolverUnavailableException e) {
            return new Preparation(null, e);
        }
    }

    /**
     * Submits a job whose preparation was tried: with its script; ERROR at once if it cannot run as asked; QUEUED and
     * prepared again after a backoff while the resolver is away, until the job's execution duration is used up.
     */
    private void submitPrepared(Watched w, Preparation p) {
        String jobId = w.jobId;
        JobCommand.RunJob command = w.command;
        if (p.failure() instanceof InvalidParametersException) {
            store.prepare(command, "#!/bin/bash\nexit 2\n");
            store.markPrepared(jobId);
            finish(jobId, w.jobList, null, ExecutionPhase.ERROR, List.of(),
                    new JobEvent.JobError("fatal", p.failure().getMessage()));
            return;
        }
        if (p.failure() != null) {
            if (!store.known(jobId)) {
                store.prepare(command, WAITING_SCRIPT);
            }
            store.markPreparing(jobId);
            w.awaitingScript = true;
            w.prepareAttempts++;
            w.lastSubmitError = p.failure().getMessage();
            if (w.deadline == null) {
                w.deadline = deadline(store.preparingSince(jobId).orElse(clock.instant()), w.executionDuration);
            }
            if (clock.instant().isAfter(w.deadline)) {
                finish(jobId, w.jobList, null, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError("transient",
                        w.lastSubmitError + " (still so after " + w.prepareAttempts + " attempt(s), when the job's "
                                + "execution duration ran out)"));
                return;
            }
            Duration wait = backoff(w.prepareAttempts);
            w.nextSubmit = clock.instant().plus(wait);
            watched.put(jobId, w);
            LOG.warning("job " + jobId + " cannot be prepared yet (" + w.lastSubmitError + "): QUEUED, tried again in "
                    + wait + ", until " + w.deadline);
            if (w.phase == null) {
                publish(jobId, w.jobList, null, ExecutionPhase.QUEUED, List.of(), null);
                w.phase = ExecutionPhase.QUEUED;
            }
            return;
        }
        store.prepare(command, p.script());
        store.markSubmitting(jobId); // dated from the first preparation, if the job waited for one
        store.markPrepared(jobId);
        w.awaitingScript = false;
        w.submitAttempts = 0;
        w.nextSubmit = null;
        w.deadline = deadline(store.submittingSince(jobId).orElse(clock.instant()), w.executionDuration);
        attemptSubmission(w);
    }

    /** The moment after which an unknown submission is no longer retried. */
    private Instant deadline(Instant firstAttempt, long executionDuration) {
        Duration limit = executionDuration > 0 && executionDuration < submitTimeout.toSeconds()
                ? Duration.ofSeconds(executionDuration) : submitTimeout;
        return firstAttempt.plus(limit);
    }

    /**
     * One submission call. Accepted: the job is tracked under its new id. Refused for good: ERROR. Outcome unknown:
     * the job stays QUEUED and the poll settles it (lookup by name, then a retry after a backoff).
     */
    private void attemptSubmission(Watched w) {
        String jobId = w.jobId;
        store.clearExitStatus(jobId);
        w.submitAttempts++;
        String slurmJobId;
        try {
            slurmJobId = slurm.submit(submission(w));
        } catch (SlurmClient.SlurmException e) {
            if (!e.isTransient()) {
                LOG.log(Level.WARNING, "SLURM refused job " + jobId, e);
                finish(jobId, w.jobList, null, ExecutionPhase.ERROR, List.of(),
                        new JobEvent.JobError("fatal", "SLURM refused the job: " + e.getMessage()));
                return;
            }
            w.lastSubmitError = e.getMessage();
            Duration wait = backoff(w.submitAttempts);
            w.nextSubmit = clock.instant().plus(wait);
            watched.put(jobId, w);
            LOG.warning("submission " + w.submitAttempts + " of job " + jobId + " has an unknown outcome ("
                    + e.getMessage() + "): looked up by name at every poll, submitted again in " + wait
                    + " if SLURM has no such job, until " + w.deadline);
            if (w.phase == null) {
                publish(jobId, w.jobList, null, ExecutionPhase.QUEUED, List.of(), null);
                w.phase = ExecutionPhase.QUEUED;
            }
            return;
        }
        LOG.info(() -> "job " + jobId + " submitted as SLURM job " + slurmJobId);
        adopt(w, slurmJobId);
    }

    private Duration backoff(int attempts) {
        long ms = pollInterval.toMillis() << Math.min(20, Math.max(0, attempts - 1));
        return Duration.ofMillis(Math.min(maxBackoff.toMillis(), ms));
    }

    private SlurmClient.Submission submission(Watched w) {
        String jobId = w.jobId;
        Map<String, String> env = new HashMap<>(jobEnvironment);
        env.put("GAMMAVO_JOB_ID", jobId);
        env.put("GAMMAVO_JOB_LIST", w.jobList);
        env.put("GAMMAVO_JOB_DIR", store.dir(jobId).toString());
        env.put("MPLCONFIGDIR", store.dir(jobId).resolve(".job/mpl").toString());
        return new SlurmClient.Submission(SlurmJob.nameFor(jobId), SlurmJob.commentFor(w.jobList, jobId),
                store.dir(jobId).toString(), env, store.stdout(jobId).toString(), store.stderr(jobId).toString(),
                timeLimitMinutes(w.executionDuration), store.batchScript(jobId));
    }

    /** Tracks the job as SLURM job {@code slurmJobId} from now on, and says QUEUED if nothing was said yet. */
    private void adopt(Watched w, String slurmJobId) {
        store.recordExecutorJobId(w.jobId, slurmJobId);
        w.slurmJobId = slurmJobId;
        w.misses = 0;
        watched.put(w.jobId, w);
        if (w.phase == null) {
            publish(w.jobId, w.jobList, slurmJobId, ExecutionPhase.QUEUED, List.of(), null);
            w.phase = ExecutionPhase.QUEUED;
        }
    }

    /** SLURM counts time limits in whole minutes; the bridge stops the job at the exact second itself. */
    static long timeLimitMinutes(long executionDurationSeconds) {
        if (executionDurationSeconds <= 0) {
            return 0;
        }
        return Math.max(1, (executionDurationSeconds + 59) / 60 + 1);
    }

    /** Whether a SLURM job is the bridge's job for this UWS job: its name or comment says so. */
    static boolean belongsTo(SlurmJob job, String jobId) {
        return SlurmJob.nameFor(jobId).equals(job.name()) || jobId.equals(job.uwsJobId());
    }

    private Watched watch(JobCommand.RunJob command, String slurmJobId) {
        Watched w = new Watched(command, slurmJobId);
        watched.put(command.jobId(), w);
        return w;
    }

    @Override
    public synchronized void abort(String jobId) {
        stopBecause(jobId, SlurmStateMapper.StopReason.ABORT);
    }

    private void stopBecause(String jobId, SlurmStateMapper.StopReason reason) {
        Watched w = watched.get(jobId);
        if (w != null && w.slurmJobId == null) {
            // Not (yet) known to SLURM: the next poll cancels it if it turns up, or ends it without submitting.
            store.recordStopReason(jobId, reason);
            w.stopReason = reason;
            LOG.info(() -> "job " + jobId + " is not accepted by SLURM yet: " + reason + " at the next poll");
            return;
        }
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
            resume(command.get());
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
        preparePending();
        if (watched.values().stream().allMatch(w -> w.awaitingScript)) {
            return; // nothing SLURM has to tell
        }
        List<SlurmJob> listing = slurm.jobs();
        Map<String, SlurmJob> byId = new HashMap<>();
        Map<String, List<SlurmJob>> byUwsJob = new HashMap<>();
        for (SlurmJob j : listing) {
            byId.put(j.slurmJobId(), j);
            String owner = j.uwsJobId();
            if (owner != null) {
                byUwsJob.computeIfAbsent(owner, k -> new ArrayList<>()).add(j);
            }
        }
        lastPoll = clock.instant();
        for (Watched w : List.copyOf(watched.values())) {
            synchronized (this) {
                if (watched.get(w.jobId) == w && !w.awaitingScript) {
                    update(w, byId, byUwsJob.getOrDefault(w.jobId, List.of()));
                }
            }
        }
    }

    /** Prepares again the jobs that wait for the resolver, once their backoff has passed. */
    private void preparePending() {
        for (Watched w : List.copyOf(watched.values())) {
            if (!w.awaitingScript) {
                continue;
            }
            synchronized (this) {
                if (watched.get(w.jobId) != w) {
                    continue;
                }
                if (w.stopReason != null) {
                    settleSubmission(w); // ends it: nothing was submitted
                    continue;
                }
                if (w.nextSubmit != null && clock.instant().isBefore(w.nextSubmit)) {
                    continue;
                }
            }
            // Outside the lock: the resolver may take its time-out, and commands must not wait for it.
            Preparation p = prepare(w.command);
            synchronized (this) {
                if (watched.get(w.jobId) == w && w.stopReason == null) {
                    submitPrepared(w, p);
                }
            }
        }
    }

    private void update(Watched w, Map<String, SlurmJob> byId, List<SlurmJob> ours) {
        SlurmJob job = w.slurmJobId == null ? null : byId.get(w.slurmJobId);
        if (job != null && !belongsTo(job, w.jobId)) {
            // The controller lost our job and gave its id to another: that job's state is not ours.
            if (w.misses == 0) {
                LOG.warning("SLURM job " + w.slurmJobId + " is now " + job.name() + " (" + job.comment()
                        + "), not job " + w.jobId + ": the cluster lost it");
            }
            job = null;
        }
        // Our SLURM jobs but those given up for good (cancelled after being held): never adopted again.
        List<SlurmJob> live = ours.stream().filter(j -> !w.abandoned.contains(key(j))).toList();
        if (job == null && !live.isEmpty()) {
            // SLURM has our job under an id we did not know: a submission whose answer was lost.
            SlurmJob found = live.stream().max(Comparator.comparingLong(SlurmJob::submitTime)
                    .thenComparingLong(j -> parseLong(j.slurmJobId()))).orElseThrow();
            LOG.info(() -> "job " + w.jobId + " found in SLURM by name as job " + found.slurmJobId());
            adopt(w, found.slurmJobId());
            job = found;
        }
        if (job == null) {
            if (w.slurmJobId == null) {
                settleSubmission(w);
            } else if (++w.misses >= LOST_AFTER_POLLS) {
                lost(w);
            }
            return;
        }
        w.misses = 0;
        cancelDuplicates(w, live);
        if (w.stopReason == null && job.heldAfterRequeue()) {
            held(w, job);
            return;
        }
        SlurmStateMapper.Outcome outcome = SlurmStateMapper.map(job, w.stopReason);
        ExecutionPhase phase = outcome.phase();
        if (w.stopReason != null && !w.cancelRequested && phase != null && !phase.isFinal()) {
            // Stopped before SLURM had accepted it.
            w.cancelRequested = true;
            cancelQuietly(job.slurmJobId(), "job " + w.jobId + " stopped: " + w.stopReason);
        }
        if (phase == null) {
            return;
        }
        if (phase == ExecutionPhase.EXECUTING && w.executionDuration > 0 && job.startTime() > 0
                && w.stopReason == null
                && clock.instant().getEpochSecond() - job.startTime() >= w.executionDuration) {
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
                w.phase = ExecutionPhase.EXECUTING;
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

    /** A job whose submission had an unknown outcome, and which the latest listing does not show: retry or end. */
    private void settleSubmission(Watched w) {
        if (w.stopReason == null && !w.awaitingScript
                && (store.starts(w.jobId) > 0 || store.exitStatus(w.jobId).isPresent())) {
            // A submission of it ran, though SLURM does not list it: never submitted again.
            recover(w, "SLURM does not list the job, which ran");
            return;
        }
        if (w.stopReason != null) {
            finish(w.jobId, w.jobList, null, w.stopReason == SlurmStateMapper.StopReason.ABORT ? ExecutionPhase.ABORTED
                    : ExecutionPhase.ERROR, List.of(), w.stopReason == SlurmStateMapper.StopReason.ABORT ? null
                    : new JobEvent.JobError("fatal", SlurmStateMapper.DURATION_EXCEEDED));
            return;
        }
        Instant now = clock.instant();
        if (w.deadline != null && now.isAfter(w.deadline)) {
            finish(w.jobId, w.jobList, null, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError("transient",
                    "SLURM did not accept the job before its execution duration ran out (" + w.submitAttempts
                            + " attempt(s)" + (w.lastSubmitError == null ? "" : ", last answer: " + w.lastSubmitError)
                            + ")"));
            return;
        }
        if (w.nextSubmit == null || !now.isBefore(w.nextSubmit)) {
            attemptSubmission(w);
        }
    }

    /**
     * SLURM has not listed the job under its id for {@link #LOST_AFTER_POLLS} polls, nor any job of its name: the
     * record is gone (controller crash, purge).
     */
    private void lost(Watched w) {
        recover(w, "SLURM lost job " + w.slurmJobId);
    }

    /**
     * SLURM requeued the job after its launch failed and holds it (a controller crash reused its id for a job still
     * on the node: "Duplicate jobid", node drained). It would stay QUEUED for ever: cancelled, then judged as lost.
     */
    private void held(Watched w, SlurmJob job) {
        if (!cancelQuietly(job.slurmJobId(), "job " + w.jobId + " is held by SLURM after a failed launch ("
                + job.reason() + ")")) {
            return; // SLURM away: tried again at the next poll
        }
        w.abandoned.add(key(job));
        recover(w, "SLURM job " + job.slurmJobId() + " was requeued and held after its launch failed ("
                + job.reason() + ")");
    }

    /**
     * The job's SLURM job is gone or will never run; what its own batch script left tells what happened: it ran to
     * its end (exit status) → reported from that; it started and was cut off ({@code .job/runs}) → ERROR, not run
     * again (a job never runs twice), its partial outputs moved out of the results; it never started → submitted
     * once more, and ERROR if that is lost too.
     */
    private void recover(Watched w, String what) {
        String lostId = w.slurmJobId;
        Optional<Integer> exit = store.exitStatus(w.jobId);
        int starts = store.starts(w.jobId);
        if (w.stopReason == SlurmStateMapper.StopReason.ABORT) {
            finish(w.jobId, w.jobList, lostId, ExecutionPhase.ABORTED, List.of(), null);
        } else if (w.stopReason == SlurmStateMapper.StopReason.DURATION_EXCEEDED) {
            finish(w.jobId, w.jobList, lostId, ExecutionPhase.ERROR, List.of(),
                    new JobEvent.JobError("fatal", SlurmStateMapper.DURATION_EXCEEDED));
        } else if (exit.isPresent()) {
            LOG.info(() -> what + ", but job " + w.jobId + " ran to its end (exit " + exit.get() + ")");
            finishFromExitStatus(w, exit.get());
        } else if (starts > 0) {
            Optional<Path> aside = store.setAsideOutputs(w.jobId);
            LOG.warning("job " + w.jobId + ": " + what + "; it had started (" + starts + " start(s) in "
                    + BatchScriptRenderer.RUNS + ", no exit status): ERROR, not run again"
                    + aside.map(a -> "; its partial outputs moved to " + a).orElse(""));
            finish(w.jobId, w.jobList, lostId, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError("transient",
                    LOST_AFTER_START + " (" + what + ")"));
        } else if (store.resubmittedAfter(w.jobId).isEmpty()) {
            LOG.warning("job " + w.jobId + ": " + what + "; it never started: submitted once more");
            store.recordResubmission(w.jobId, lostId);
            store.forgetExecutorJobId(w.jobId);
            w.slurmJobId = null;
            w.misses = 0;
            w.submitAttempts = 0;
            w.deadline = deadline(clock.instant(), w.executionDuration);
            attemptSubmission(w);
        } else {
            finish(w.jobId, w.jobList, lostId, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError("transient",
                    what + " before it started, and had lost job " + store.resubmittedAfter(w.jobId).orElse("?")
                            + " of the same UWS job before: not submitted a third time"));
        }
    }

    /** One SLURM submission: ids are reused after a controller crash, the submission time tells them apart. */
    private static String key(SlurmJob job) {
        return job.slurmJobId() + "@" + job.submitTime();
    }

    /** Cancels other live SLURM jobs of the same UWS job (a lost answer followed by a retry): one must run. */
    private void cancelDuplicates(Watched w, List<SlurmJob> ours) {
        for (SlurmJob other : ours) {
            if (other.slurmJobId().equals(w.slurmJobId) || w.cancelledDuplicates.contains(other.slurmJobId())) {
                continue;
            }
            ExecutionPhase p = SlurmStateMapper.map(other, null).phase();
            if (p != null && !p.isFinal()) {
                w.cancelledDuplicates.add(other.slurmJobId());
                cancelQuietly(other.slurmJobId(), "duplicate of SLURM job " + w.slurmJobId + " for job " + w.jobId);
            }
        }
    }

    /** @return false if SLURM could not be asked (a transient failure): the caller tries again later */
    private boolean cancelQuietly(String slurmJobId, String why) {
        try {
            slurm.cancel(slurmJobId);
            LOG.info(() -> "SLURM job " + slurmJobId + " cancelled: " + why);
            return true;
        } catch (SlurmClient.SlurmException e) {
            LOG.warning("cancelling SLURM job " + slurmJobId + " (" + why + ") failed: " + e.getMessage());
            return !e.isTransient();
        }
    }

    private void finishFromSlurm(Watched w, SlurmStateMapper.Outcome outcome) {
        if (store.exitStatus(w.jobId).isEmpty() && store.refusedStarts(w.jobId) > 0) {
            // SLURM started the job again after cutting its first run off; its script refused to run twice.
            recover(w, "SLURM started job " + w.slurmJobId + " again after a controller restart");
            return;
        }
        switch (outcome.phase()) {
            case COMPLETED -> {
                Optional<Integer> exit = store.exitStatus(w.jobId);
                if (exit.isEmpty()) {
                    // SLURM's word alone is not enough: the job's own script must say it ran to its end.
                    if (++w.unconfirmed < LOST_AFTER_POLLS) {
                        return;
                    }
                    finish(w.jobId, w.jobList, w.slurmJobId, ExecutionPhase.ERROR, List.of(), new JobEvent.JobError(
                            "transient", "SLURM reports job " + w.slurmJobId + " COMPLETED, but the job left no exit "
                            + "status in its directory (" + BatchScriptRenderer.EXIT_STATUS + "): its script did not "
                            + "run to its end here (results store not shared with the compute nodes?)"));
                    return;
                }
                finishFromExitStatus(w, exit.get());
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

    /** The end the job's own exit status tells: COMPLETED with its results for 0, ERROR otherwise. */
    private void finishFromExitStatus(Watched w, int exit) {
        if (exit != 0) {
            String summary = store.failureSummary(w.jobId);
            String reason = "the job failed with exit code " + exit;
            finish(w.jobId, w.jobList, w.slurmJobId, ExecutionPhase.ERROR, List.of(),
                    new JobEvent.JobError("fatal", summary.isEmpty() ? reason : reason + ": " + summary));
            return;
        }
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
        events.publish(new JobEvent.PhaseChanged(UUID.randomUUID().toString(), jobId, jobList, clock.instant(), phase,
                name(), slurmJobId, results, error));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A job the bridge follows until its final phase. */
    private static final class Watched {
        final JobCommand.RunJob command;
        final String jobId;
        final String jobList;
        final long executionDuration;
        /** SLURM's id for the job; null while a submission's outcome is unknown. */
        volatile String slurmJobId;
        volatile ExecutionPhase phase;
        volatile SlurmStateMapper.StopReason stopReason;
        volatile boolean cancelRequested;
        /** Polls in a row without the job under its id. */
        int misses;
        /** Polls in a row with the job COMPLETED in SLURM but no exit status from its script. */
        int unconfirmed;
        int submitAttempts;
        /** No batch script yet: the job's target could not be resolved (resolver away). */
        volatile boolean awaitingScript;
        int prepareAttempts;
        Instant nextSubmit;
        Instant deadline;
        String lastSubmitError;
        final Set<String> cancelledDuplicates = new HashSet<>();
        /** SLURM jobs of ours given up for good ({@link #key}): held after a failed launch, then cancelled. */
        final Set<String> abandoned = new HashSet<>();

        Watched(JobCommand.RunJob command, String slurmJobId) {
            this.command = command;
            this.jobId = command.jobId();
            this.jobList = command.jobList();
            this.slurmJobId = slurmJobId;
            this.executionDuration = command.executionDuration();
        }
    }
}
