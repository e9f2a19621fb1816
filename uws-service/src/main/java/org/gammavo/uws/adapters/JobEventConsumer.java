package org.gammavo.uws.adapters;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;
import org.jboss.logging.Logger;

/**
 * Reads executors' {@link JobEvent}s from channel {@code job-events} (topic uws.job-events.v1, consumer group
 * uws-service) and applies each in its own transaction. The offset is committed only after the method returned, i.e.
 * after the transaction committed: a restart resumes from the last committed offset and re-reads at most a few
 * events, which {@link JobStore#apply} recognises by eventId.
 */
@ApplicationScoped
public class JobEventConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventConsumer.class);

    @Inject
    JobStore store;

    @Incoming("job-events")
    @Blocking(ordered = true)
    public void onEvent(String json) {
        JobEvent event;
        try {
            event = JobContractCodec.decodeEvent(json);
        } catch (JobContractCodec.ContractException e) {
            LOG.warnf("skipping a message that is not a job event: %s", e.getMessage());
            return;
        }
        store.apply(event);
    }
}
