package org.gammavo.uws.domain;

import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A UWS job as the phase machine ({@link JobLifecycle}) sees and changes it (UWS 1.1 §2.1.1 job object). The
 * store loads it from its row and writes it back in the same transaction; nothing else changes these fields.
 */
public final class JobState {

    /** UWS jobId. */
    public String jobId;
    /** The job list (the kind of job). */
    public String jobList;
    /** UWS ownerId; null for an anonymous job. */
    public String ownerId;
    /** UWS runId, may be null. */
    public String runId;
    /** Who runs the job: {@code slurm} or {@code tap}. */
    public String executor;
    /** {@code id@version} of the description the parameters were checked against. */
    public String descriptionId;
    public ExecutionPhase phase;
    public Instant creationTime;
    public Instant startTime;
    public Instant endTime;
    /** Seconds; 0 = unlimited. */
    public long executionDuration;
    public Instant destruction;
    /** When an EXECUTING job overruns its executionDuration (our clock); null when not executing. */
    public Instant deadline;
    /** {@code transient} or {@code fatal}, with {@link #errorMessage}; null without error. */
    public String errorType;
    public String errorMessage;
    /** The executor's id of the job (e.g. the SLURM job id). */
    public String executorJobId;
    /** Parameters under the description's names. */
    public Map<String, String> parameters = new LinkedHashMap<>();
    /** Names of the parameters that are uploaded files. */
    public Set<String> uploads = new TreeSet<>();
    public List<JobEvent.JobResult> results = List.of();
}
