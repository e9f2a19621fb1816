package org.gammavo.bridge.domain;

import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The jobs' directories on the shared results store ({@code <results-dir>/<jobId>/}), which are also the bridge's
 * memory: what was submitted, under which executor id, why the bridge stopped it, whether its final phase has been
 * reported. Kept beside the results (in {@code .job/}) so that a restarted bridge, or another replica, knows it.
 */
public interface JobStore {

    /** The job's directory (may not exist yet). */
    Path dir(String jobId);

    /** Whether the job has a directory with its command: it has been seen before. */
    boolean known(String jobId);

    /** Creates the directory (writable by the job user), writes the command, the batch script and the analysis code. */
    Path prepare(JobCommand.RunJob command, String script);

    /** The command the job was started with. */
    Optional<JobCommand.RunJob> command(String jobId);

    /**
     * Written when the job's batch script cannot be made yet (the resolver is away), at the first such attempt (kept
     * for later ones): the job is waiting to be prepared. Its time starts the job's deadline, as
     * {@link #markSubmitting} does.
     */
    void markPreparing(String jobId);

    /** When the job first waited to be prepared, if it is waiting. */
    Optional<Instant> preparingSince(String jobId);

    /** The job's batch script is written: it no longer waits to be prepared. */
    void markPrepared(String jobId);

    /**
     * Written just before the first submission (kept for later attempts): a job with this mark but no executor id may
     * or may not have been submitted.
     */
    void markSubmitting(String jobId);

    boolean isSubmitting(String jobId);

    /** When the job was first marked as submitting, if it was: the start of its submission deadline. */
    Optional<Instant> submittingSince(String jobId);

    Optional<String> executorJobId(String jobId);

    void recordExecutorJobId(String jobId, String executorJobId);

    /** Forgets the executor id (the cluster lost that job): a restart then looks the job up by name. */
    void forgetExecutorJobId(String jobId);

    /**
     * The exit status the job's batch script wrote when it ended ({@code .job/exit-status}, see
     * {@link BatchScriptRenderer}): proof that this job's own script ran to its end, whatever the cluster says.
     */
    Optional<Integer> exitStatus(String jobId);

    /** Removes the exit status, before a (re)submission. */
    void clearExitStatus(String jobId);

    /**
     * How many times the job's batch script started: the lines of {@link BatchScriptRenderer#RUNS}, which the script
     * appends before it runs the job. A job that started and has no exit status was cut off while running.
     */
    int starts(String jobId);

    /** How many starts the batch script refused because the job had started before ({@link BatchScriptRenderer#REFUSED_STARTS}). */
    int refusedStarts(String jobId);

    /**
     * Moves what a cut-off run left in the job's directory (every entry but {@code .job}) to
     * {@code .job/lost-attempt-<n>/}, so that partial outputs are never taken for results.
     *
     * @return where they went, or empty if the directory held nothing
     */
    Optional<Path> setAsideOutputs(String jobId);

    /** The executor id of the job the cluster lost and the bridge resubmitted, if it did. */
    Optional<String> resubmittedAfter(String jobId);

    void recordResubmission(String jobId, String lostExecutorJobId);

    /** The batch script written by {@link #prepare}. */
    String batchScript(String jobId);

    Optional<SlurmStateMapper.StopReason> stopReason(String jobId);

    void recordStopReason(String jobId, SlurmStateMapper.StopReason reason);

    /** The final phase already published for the job, if any. */
    Optional<ExecutionPhase> reported(String jobId);

    void markReported(String jobId, ExecutionPhase phase);

    /** Ids of the jobs with a command whose final phase has not been reported yet. */
    List<String> unreported();

    /**
     * The result files of a completed job: those its {@code manifest.json} lists, plus the manifest (written by the
     * bridge for jobs that do not write one).
     *
     * @throws IllegalStateException if a result the manifest names is missing
     */
    List<JobEvent.JobResult> collectResults(String jobId, String executorJobId);

    /** A short summary of why a job failed, taken from the end of its logs; empty if they say nothing. */
    String failureSummary(String jobId);

    /** Removes the job's directory. */
    void delete(String jobId);

    /** Batch script file of the job. */
    default Path script(String jobId) {
        return dir(jobId).resolve(".job/job.sh");
    }

    default Path stdout(String jobId) {
        return dir(jobId).resolve(".job/stdout.log");
    }

    default Path stderr(String jobId) {
        return dir(jobId).resolve(".job/stderr.log");
    }
}
