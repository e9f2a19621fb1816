package org.gammavo.bridge.domain;

import java.util.List;
import java.util.Map;

/**
 * A SLURM cluster as the bridge needs it: submit, list, cancel. Implemented over slurmrestd (REST + JWT) and over
 * the sbatch/scontrol/scancel command line.
 */
public interface SlurmClient {

    /** Submits a batch job and returns SLURM's job id. */
    String submit(Submission submission);

    /** Every job slurmctld still knows (pending, running, and finished ones younger than MinJobAge), in one call. */
    List<SlurmJob> jobs();

    /** Cancels a job (SIGTERM, then SIGKILL after KillWait); a finished job is left alone. */
    void cancel(String slurmJobId);

    /** Where the cluster is, for health and logs. */
    String describe();

    /**
     * One batch job to submit.
     *
     * @param name             job name (the UWS job id is in it)
     * @param comment          job comment (job list and UWS job id)
     * @param workDir          the job's working directory, absolute, writable by the job user
     * @param environment      the job's whole environment (SLURM needs it explicit)
     * @param stdout           stdout file, absolute
     * @param stderr           stderr file, absolute
     * @param timeLimitMinutes time limit in whole minutes (SLURM's granularity), 0 = the partition's limit
     * @param script           the batch script, starting with {@code #!}
     */
    record Submission(String name, String comment, String workDir, Map<String, String> environment, String stdout,
                      String stderr, long timeLimitMinutes, String script) {
    }

    /** A call to SLURM failed; {@code transientFailure} says whether retrying later may help. */
    class SlurmException extends RuntimeException {
        private final boolean transientFailure;

        public SlurmException(String message, boolean transientFailure, Throwable cause) {
            super(message, cause);
            this.transientFailure = transientFailure;
        }

        public boolean isTransient() {
            return transientFailure;
        }
    }
}
