package org.gammavo.uws.adapters;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads executors' {@link JobEvent}s from channel {@code job-events} (topic uws.job-events.v1, consumer group
 * uws-service) in batches, each batch applied in one transaction (one commit instead of one per event: the
 * applier keeps up with bursts). The offsets are committed only after the method returned, i.e. after the
 * transaction committed: a restart resumes from the last committed offset and re-reads at most a few events, which
 * {@link JobRepository#apply} recognises by eventId.
 */
@ApplicationScoped
public class JobEventConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventConsumer.class);

    @Inject
    JobRepository store;

    @Incoming("job-events")
    @Blocking(ordered = true)
    public void onEvents(List<String> batch) throws InterruptedException {
        List<JobEvent> events = new ArrayList<>(batch.size());
        for (String json : batch) {
            try {
                events.add(JobContractCodec.decodeEvent(json));
            } catch (JobContractCodec.ContractException e) {
                LOG.warnf("skipping a message that is not a job event: %s", e.getMessage());
            }
        }
        try {
            store.applyAll(events);
        } catch (RuntimeException batchFailed) {
            // One event (or the database) failed: apply one by one, retrying, so the others are not held back.
            LOG.warnf("batch of %d events failed (%s); applying one by one", events.size(), batchFailed.getMessage());
            for (JobEvent e : events) {
                applyWithRetry(e);
            }
        }
    }

    /**
     * Retries while the database is unreachable (the event must not be skipped); an event that keeps failing while
     * the database answers is poison (e.g. a field too long for its column) and is logged and skipped, so that one
     * bad message cannot stop every job on the platform.
     */
    private void applyWithRetry(JobEvent e) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                store.apply(e);
                return;
            } catch (RuntimeException failed) {
                if (attempt >= 5 && databaseAnswers(e)) {
                    LOG.errorf(failed, "skipping event %s of job %s: it fails although the database answers: %s",
                            e.eventId(), e.jobId(), JobContractCodec.encode(e));
                    return;
                }
                LOG.warnf("applying event %s failed (attempt %d): %s", e.eventId(), attempt, failed.getMessage());
                Thread.sleep(Math.min(30_000L, 1000L * attempt));
            }
        }
    }

    private boolean databaseAnswers(JobEvent e) {
        try {
            store.phaseOf(e.jobId());
            return true;
        } catch (RuntimeException down) {
            return false;
        }
    }
}
