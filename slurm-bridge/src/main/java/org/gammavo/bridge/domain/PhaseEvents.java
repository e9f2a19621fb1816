package org.gammavo.bridge.domain;

import org.gammavo.jobs.contract.JobEvent;

/** Where executors send the phase changes of their jobs (Kafka topic uws.job-events.v1 in the application). */
public interface PhaseEvents {

    /** Publishes the event and returns once it is durably accepted; throws if it could not be. */
    void publish(JobEvent.PhaseChanged event);
}
