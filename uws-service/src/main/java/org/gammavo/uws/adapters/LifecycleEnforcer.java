package org.gammavo.uws.adapters;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Enforces the two clocks of a UWS job (§2.2.3.3): executionDuration (an overrunning job is aborted, its executor
 * told to stop) and destruction (the job and its files are removed). Both scan indexed timestamp columns, in small
 * batches, with SKIP LOCKED so that several replicas share the work.
 */
@ApplicationScoped
public class LifecycleEnforcer {

    private static final Logger LOG = Logger.getLogger(LifecycleEnforcer.class);
    private static final int BATCH = 100;

    @Inject
    JobRepository store;

    @Inject
    OutboxRelay relay;

    // Not while starting or stopping: the database and the outbox relay may not be there yet, or any more.
    @Scheduled(every = "${gammavo.uws.deadline-check:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void abortOverrunJobs() {
        int n;
        do {
            n = store.abortOverrunJobs(BATCH);
            if (n > 0) {
                LOG.infof("aborted %d job(s) that exceeded their execution duration", n);
            }
        } while (n == BATCH);
    }

    @Scheduled(every = "${gammavo.uws.reaper-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void destroyExpiredJobs() {
        int n;
        do {
            n = store.destroyExpiredJobs(BATCH);
            if (n > 0) {
                LOG.infof("destroyed %d job(s) past their destruction time", n);
            }
        } while (n == BATCH);
        relay.purgeSent(Instant.now().minus(Duration.ofDays(1)));
    }
}
