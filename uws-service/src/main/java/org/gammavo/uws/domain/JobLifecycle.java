package org.gammavo.uws.domain;

import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.jobs.catalogue.ParameterValidator;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Where a UWS job changes phase (UWS 1.1 §2.1.3): creation, the client's RUN, ABORT, DELETE and modifications, the
 * executors' events, and the enforcement of executionDuration and destruction. The rules come from
 * {@link PhaseRules}; every change an executor must hear of is handed to {@link Commands}, which the store writes
 * to its outbox in the same transaction as the job.
 */
public final class JobLifecycle {

    /** Where the lifecycle's commands to the executors go. */
    public interface Commands {
        void send(JobCommand command);
    }

    private final Commands commands;
    private final Clock clock;

    public JobLifecycle(Commands commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * A new PENDING job (§2.2.3), started at once when {@code run} (PHASE=RUN in the creation).
     *
     * @param params            validated parameters (description's names)
     * @param uploads           names of the parameters that are uploaded files
     * @param executionDuration seconds the client asked for, null for the default
     * @param destruction       the destruction time the client asked for, null for the default
     */
    public JobState create(String jobId, JobDescription d, String ownerId, String runId, Map<String, String> params,
                           Set<String> uploads, Long executionDuration, Instant destruction, boolean run) {
        JobState job = new JobState();
        job.jobId = jobId;
        job.jobList = d.id();
        job.descriptionId = d.descriptionId();
        job.executor = d.executor();
        job.ownerId = ownerId;
        job.runId = runId;
        job.phase = ExecutionPhase.PENDING;
        job.creationTime = clock.instant();
        job.executionDuration = d.executionDurationFor(executionDuration);
        job.destruction = destruction != null ? destruction : job.creationTime.plus(d.defaultDestruction());
        job.parameters = new LinkedHashMap<>(params);
        job.uploads = new TreeSet<>(uploads);
        if (run) {
            run(job, d);
        }
        return job;
    }

    /** PHASE=RUN (§2.2.3.1): checks the required parameters, fills in defaults, queues the job and sends RunJob. */
    public void run(JobState job, JobDescription d) {
        PhaseRules.checkRun(job.phase);
        Map<String, String> params = ParameterValidator.completeForRun(d, job.parameters);
        job.parameters = new LinkedHashMap<>(params);
        job.phase = ExecutionPhase.QUEUED;
        job.descriptionId = d.descriptionId();
        job.executor = d.executor();
        commands.send(new JobCommand.RunJob(id(), job.jobId, job.jobList, job.executor, clock.instant(), job.ownerId,
                job.runId, d.descriptionId(), params, job.executionDuration));
    }

    /** PHASE=ABORT (§2.2.3.1) asked by the client. */
    public void abort(JobState job) {
        PhaseRules.checkAbort(job.phase);
        abort(job, null);
    }

    /**
     * Aborts a job whose deadline has passed (§2.2.3.3), with the reason as its error.
     *
     * @return false if the job had finished meanwhile (only its deadline is cleared)
     */
    public boolean abortOverrun(JobState job) {
        if (!PhaseRules.mayAbort(job.phase)) {
            job.deadline = null;
            return false;
        }
        abort(job, "execution duration of " + job.executionDuration + " s exceeded");
        return true;
    }

    private void abort(JobState job, String why) {
        boolean sent = PhaseRules.sentToExecutor(job.phase);
        job.phase = ExecutionPhase.ABORTED;
        job.endTime = clock.instant();
        job.deadline = null;
        if (why != null) {
            job.errorType = "fatal";
            job.errorMessage = why;
        }
        if (sent) {
            commands.send(new JobCommand.AbortJob(id(), job.jobId, job.jobList, job.executor, clock.instant()));
        }
    }

    /** DELETE or destruction (§2.2.3): the executor, if it knows the job, is told to stop and clean up. */
    public void delete(JobState job) {
        if (PhaseRules.sentToExecutor(job.phase)) {
            commands.send(new JobCommand.DeleteJob(id(), job.jobId, job.jobList, job.executor, clock.instant()));
        }
    }

    /** POST parameters (§2.2.3.4): only before the job runs; new values replace old ones, uploads add up. */
    public void changeParameters(JobState job, Map<String, String> params, Set<String> uploads) {
        PhaseRules.checkModifiable(job.phase, "parameters");
        job.parameters.putAll(params);
        job.uploads.addAll(uploads);
    }

    /** POST executionduration (§2.2.3.3): only before the job runs; capped at the description's maximum. */
    public void changeExecutionDuration(JobState job, JobDescription d, long seconds) {
        PhaseRules.checkModifiable(job.phase, "executionDuration");
        job.executionDuration = d.executionDurationFor(seconds);
    }

    /** POST destruction (§2.2.3.3): any time; the server may shorten it to {@code latest}. */
    public void changeDestruction(JobState job, Instant destruction, Instant latest) {
        job.destruction = destruction.isAfter(latest) ? latest : destruction;
    }

    /**
     * An executor's report; applied only when it moves the job forward ({@link PhaseRules#movesForward}).
     *
     * @return whether the job changed
     */
    public boolean apply(JobState job, JobEvent.PhaseChanged pc) {
        if (!PhaseRules.movesForward(job.phase, pc.phase())) {
            return false;
        }
        Instant now = clock.instant();
        Instant at = pc.occurredAt() == null ? now : pc.occurredAt();
        job.phase = pc.phase();
        if (pc.executorJobId() != null) {
            job.executorJobId = pc.executorJobId();
        }
        if (pc.phase() == ExecutionPhase.EXECUTING && job.startTime == null) {
            job.startTime = at;
        }
        if (pc.phase() == ExecutionPhase.EXECUTING && job.executionDuration > 0) {
            // Measured from our clock, not the executor's, so a skewed executor clock cannot abort a job early.
            job.deadline = now.plusSeconds(job.executionDuration);
        }
        if (pc.phase().isFinal()) {
            job.endTime = at;
            job.deadline = null;
            if (job.startTime == null) {
                job.startTime = at;
            }
        }
        if (!pc.results().isEmpty()) {
            job.results = pc.results();
        }
        if (pc.error() != null) {
            job.errorType = "transient".equals(pc.error().type()) ? "transient" : "fatal";
            job.errorMessage = pc.error().message();
        }
        return true;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
