package org.gammavo.jobs.contract;

/**
 * Names of the Kafka topics of the job contract, in one place.
 *
 * <p>The topic names carry the major version of the contract: an incompatible change gets new topics
 * ({@code .v2}) so that old and new services can run side by side during a rolling upgrade. Additive
 * changes (a new optional field) stay on the same topics; readers ignore fields they do not know.
 */
public final class JobTopics {

    /** Major version of the contract, also written into every message as {@code "version"}. */
    public static final int VERSION = 1;

    /** uws-service → executors: {@link JobCommand}s, key = jobId. */
    public static final String COMMANDS = "uws.job-commands.v1";

    /** executors → uws-service: {@link JobEvent}s, key = jobId. */
    public static final String EVENTS = "uws.job-events.v1";

    private JobTopics() {
    }
}
