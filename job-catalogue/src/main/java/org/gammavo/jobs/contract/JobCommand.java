package org.gammavo.jobs.contract;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.Map;

/**
 * A command from uws-service to the executor of a job (topic {@link JobTopics#COMMANDS}, key = jobId).
 *
 * <p>Every command carries a {@code commandId}, unique per command, so that an executor can recognise a
 * redelivered one; and the {@code executor} that must act on it, so that each executor reads the one topic and
 * ignores the others' commands.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JobCommand.RunJob.class, name = "RunJob"),
        @JsonSubTypes.Type(value = JobCommand.AbortJob.class, name = "AbortJob"),
        @JsonSubTypes.Type(value = JobCommand.DeleteJob.class, name = "DeleteJob")
})
public sealed interface JobCommand permits JobCommand.RunJob, JobCommand.AbortJob, JobCommand.DeleteJob {

    String commandId();

    String jobId();

    /** The UWS job list (job kind) the job belongs to, e.g. {@code spectrum} or {@code async}. */
    String jobList();

    /** Which executor must act: {@code tap} or {@code slurm}. */
    String executor();

    Instant issuedAt();

    /**
     * Start a job.
     *
     * @param ownerId           the job's owner (UWS ownerId), for provenance and file ownership
     * @param runId             the client's runId, may be null
     * @param descriptionId     id of the job description the parameters were validated against
     * @param parameters        the job's parameters by name, already validated
     * @param executionDuration UWS executionDuration in seconds; 0 means unlimited
     */
    record RunJob(String commandId, String jobId, String jobList, String executor, Instant issuedAt,
                  String ownerId, String runId, String descriptionId, Map<String, String> parameters,
                  long executionDuration) implements JobCommand {
        public RunJob {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }

    /** Stop a queued or executing job (UWS PHASE=ABORT). */
    record AbortJob(String commandId, String jobId, String jobList, String executor, Instant issuedAt)
            implements JobCommand {
    }

    /** Forget a job: stop it if it runs and remove its working files (UWS DELETE or destruction). */
    record DeleteJob(String commandId, String jobId, String jobList, String executor, Instant issuedAt)
            implements JobCommand {
    }
}
