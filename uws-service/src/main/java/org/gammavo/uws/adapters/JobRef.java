package org.gammavo.uws.adapters;

import org.gammavo.jobs.contract.ExecutionPhase;

import java.time.Instant;

/** One line of a job list (UWS ShortJobDescription), read without the job's parameters and results. */
public record JobRef(String jobId, ExecutionPhase phase, String runId, String ownerId, Instant creationTime) {
}
