package org.gammavo.jobs.contract;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.List;

/**
 * An event from an executor about a job (topic {@link JobTopics#EVENTS}, key = jobId).
 *
 * <p>Events may arrive twice or out of order; uws-service applies each at most once ({@code eventId}) and
 * never moves a job back from a later phase to an earlier one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JobEvent.PhaseChanged.class, name = "PhaseChanged")
})
public sealed interface JobEvent permits JobEvent.PhaseChanged {

    String eventId();

    String jobId();

    String jobList();

    Instant occurredAt();

    /**
     * The job entered {@code phase} at the executor.
     *
     * @param executor      who reports: {@code tap}, {@code slurm} or {@code local}
     * @param executorJobId the executor's own id for the job (e.g. the SLURM job id), may be null
     * @param results       the result files, for COMPLETED; empty otherwise
     * @param error         what went wrong, for ERROR (and optionally ABORTED); null otherwise
     */
    record PhaseChanged(String eventId, String jobId, String jobList, Instant occurredAt, ExecutionPhase phase,
                        String executor, String executorJobId, List<JobResult> results, JobError error)
            implements JobEvent {
        public PhaseChanged {
            results = results == null ? List.of() : List.copyOf(results);
        }
    }

    /**
     * One result of a job (UWS §2.2.3.5 result), as a file on the shared results store.
     *
     * @param id       the UWS result id, e.g. {@code spectrum.png} or {@code result}
     * @param path     path relative to the job's working directory on the shared store
     * @param mimeType the result's MIME type
     * @param size     size in bytes
     * @param sha256   hex SHA-256 of the content, for provenance
     */
    record JobResult(String id, String path, String mimeType, long size, String sha256) {
    }

    /**
     * UWS error summary (§2.2.3.6): {@code type} is {@code transient} or {@code fatal}.
     */
    record JobError(String type, String message) {
    }
}
