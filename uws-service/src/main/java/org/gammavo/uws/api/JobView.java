package org.gammavo.uws.api;

import org.gammavo.jobs.contract.ExecutionPhase;

import java.time.Instant;
import java.util.List;

/**
 * A job as the UWS documents show it (the XSD's JobSummary), with absolute result URLs already resolved.
 */
record JobView(String jobId, String jobList, String runId, String ownerId, ExecutionPhase phase, Instant quote,
               Instant creationTime, Instant startTime, Instant endTime, long executionDuration, Instant destruction,
               List<Parameter> parameters, List<Result> results, Error error) {

    /** A job parameter; {@code byReference} for uploaded files (value is then a reference). */
    record Parameter(String id, String value, boolean byReference) {
    }

    /** A result with its absolute URL. */
    record Result(String id, String href, long size, String mimeType) {
    }

    /** The UWS errorSummary: {@code type} is transient or fatal. */
    record Error(String type, String message) {
    }
}
