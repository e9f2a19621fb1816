package org.gammavo.uws.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.uws.domain.PhaseRules;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Stores jobs and applies executor events to them, each event at most once. */
@ApplicationScoped
public class JobStore {

    private static final Logger LOG = Logger.getLogger(JobStore.class);

    @Inject
    ObjectMapper json;

    /** Applies {@code event} unless it was applied before or would move the job backwards. */
    @Transactional
    public void apply(JobEvent event) {
        if (AppliedEventEntity.findById(event.eventId()) != null) {
            return;
        }
        JobEntity job = JobEntity.findById(event.jobId(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            LOG.debugf("event %s for unknown job %s ignored", event.eventId(), event.jobId());
            return;
        }
        var applied = new AppliedEventEntity();
        applied.eventId = event.eventId();
        applied.jobId = event.jobId();
        applied.persist();
        if (event instanceof JobEvent.PhaseChanged pc && PhaseRules.movesForward(job.phase, pc.phase())) {
            job.phase = pc.phase();
            if (pc.executorJobId() != null) {
                job.executorJobId = pc.executorJobId();
            }
            if (pc.phase() == ExecutionPhase.EXECUTING && job.startTime == null) {
                job.startTime = pc.occurredAt();
            }
            if (pc.phase().isFinal()) {
                job.endTime = pc.occurredAt() == null ? Instant.now() : pc.occurredAt();
                if (job.startTime == null) {
                    job.startTime = job.endTime;
                }
            }
            if (!pc.results().isEmpty()) {
                try {
                    job.results = json.writeValueAsString(pc.results());
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (pc.error() != null) {
                job.errorType = pc.error().type();
                job.errorMessage = pc.error().message();
            }
        }
    }
}
