package org.gammavo.uws.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.uws.domain.NoSuchJobException;
import org.gammavo.jobs.catalogue.ParameterValidator;
import org.gammavo.uws.domain.PhaseRules;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where a job changes phase: creation, the client's RUN/ABORT/DELETE and modifications, the executors' events, and
 * the enforcement of executionDuration and destruction. Every change that concerns an executor writes its command
 * to the outbox in the same transaction ({@link OutboxRelay} sends it), and wakes WAITing requests after commit.
 */
@ApplicationScoped
public class JobStore {

    private static final Logger LOG = Logger.getLogger(JobStore.class);
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {
    };
    private static final TypeReference<List<JobEvent.JobResult>> RESULTS = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    @Inject
    TransactionSynchronizationRegistry tx;

    @Inject
    PhaseNotifier notifier;

    @Inject
    OutboxRelay relay;

    @Inject
    ResultFiles files;

    /**
     * Creates a PENDING job, and runs it straight away when {@code run} (UWS 1.1 §2.2.3: PHASE=RUN in the creation).
     *
     * @param params            validated parameters (description's names)
     * @param uploads           names of the parameters that are uploaded files
     * @param executionDuration seconds the client asked for, null for the default
     * @param destruction       the destruction time the client asked for, null for the default
     */
    @Transactional
    public JobEntity create(String jobId, JobDescription d, String ownerId, String runId, Map<String, String> params,
                            Set<String> uploads, Long executionDuration, Instant destruction, boolean run) {
        JobEntity job = new JobEntity();
        job.jobId = jobId;
        job.jobList = d.id();
        job.descriptionId = d.descriptionId();
        job.executor = d.executor();
        job.ownerId = ownerId;
        job.runId = runId;
        job.phase = ExecutionPhase.PENDING;
        job.creationTime = Instant.now();
        job.executionDuration = d.executionDurationFor(executionDuration);
        job.destruction = destruction != null ? destruction : job.creationTime.plus(d.defaultDestruction());
        job.parameters = write(params);
        job.uploads = write(uploads);
        if (run) {
            // Checked before the insert so that a job that cannot run is not created half-way.
            ParameterValidator.completeForRun(d, params);
        }
        job.persist();
        if (run) {
            run(job, d);
        }
        return job;
    }

    /**
     * A job of a job list as it is now in the database, read in a transaction of its own so that repeated reads in
     * one request (WAIT) see the latest committed state.
     *
     * @throws NoSuchJobException if the list has no such job
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public JobEntity snapshot(String jobList, String jobId) {
        JobEntity job = JobEntity.findById(jobId);
        if (job == null || !job.jobList.equals(jobList)) {
            throw new NoSuchJobException("no job " + jobId + " in job list " + jobList);
        }
        return job;
    }

    /** The job's current phase, or null if it no longer exists (a fresh read, for WAIT). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ExecutionPhase phaseOf(String jobId) {
        List<ExecutionPhase> p = JobEntity.getEntityManager()
                .createQuery("select j.phase from JobEntity j where j.jobId = :id", ExecutionPhase.class)
                .setParameter("id", jobId).getResultList();
        return p.isEmpty() ? null : p.get(0);
    }

    /**
     * The jobs of {@code ownerId} (null: anonymous jobs) in a job list, newest first (UWS 1.1 §2.2.2.1 filters).
     *
     * @param phases phases to keep; empty = all but ARCHIVED
     * @param after  only jobs created after this time, may be null
     * @param last   only the newest {@code last} jobs, may be null
     */
    @Transactional
    public List<JobRef> list(String jobList, String ownerId, Collection<ExecutionPhase> phases, Instant after, Integer last) {
        StringBuilder q = new StringBuilder("select new org.gammavo.uws.adapters.JobRef(j.jobId, j.phase, j.runId, "
                + "j.ownerId, j.creationTime) from JobEntity j where j.jobList = :list and ")
                .append(ownerId == null ? "j.ownerId is null" : "j.ownerId = :owner");
        q.append(phases.isEmpty() ? " and j.phase <> :archived" : " and j.phase in :phases");
        if (after != null) {
            q.append(" and j.creationTime > :after");
        }
        q.append(" order by j.creationTime desc, j.jobId");
        var query = JobEntity.getEntityManager().createQuery(q.toString(), JobRef.class).setParameter("list", jobList);
        if (ownerId != null) {
            query.setParameter("owner", ownerId);
        }
        if (phases.isEmpty()) {
            query.setParameter("archived", ExecutionPhase.ARCHIVED);
        } else {
            query.setParameter("phases", phases);
        }
        if (after != null) {
            query.setParameter("after", after);
        }
        if (last != null) {
            query.setMaxResults(last);
        }
        return query.getResultList();
    }

    /** PHASE=RUN: checks the required parameters, fills in defaults, queues the job and sends RunJob. */
    @Transactional
    public void run(String jobList, String jobId, JobDescription d) {
        run(lock(jobList, jobId), d);
    }

    private void run(JobEntity job, JobDescription d) {
        PhaseRules.checkRun(job.phase);
        Map<String, String> params = ParameterValidator.completeForRun(d, parameters(job));
        job.parameters = write(params);
        job.phase = ExecutionPhase.QUEUED;
        job.descriptionId = d.descriptionId();
        job.executor = d.executor();
        enqueue(new JobCommand.RunJob(UUID.randomUUID().toString(), job.jobId, job.jobList, job.executor,
                Instant.now(), job.ownerId, job.runId, d.descriptionId(), params, job.executionDuration));
        changed(job.jobId);
    }

    /** PHASE=ABORT (§2.2.3.1): a job not yet sent is aborted here; a sent one is also stopped at its executor. */
    @Transactional
    public void abort(String jobList, String jobId) {
        JobEntity job = lock(jobList, jobId);
        PhaseRules.checkAbort(job.phase);
        abort(job, null);
    }

    private void abort(JobEntity job, String why) {
        boolean sent = job.phase != ExecutionPhase.PENDING && job.phase != ExecutionPhase.HELD;
        job.phase = ExecutionPhase.ABORTED;
        job.endTime = Instant.now();
        job.deadline = null;
        if (why != null) {
            job.errorType = "fatal";
            job.errorMessage = why;
        }
        if (sent) {
            enqueue(new JobCommand.AbortJob(UUID.randomUUID().toString(), job.jobId, job.jobList, job.executor,
                    Instant.now()));
        }
        changed(job.jobId);
    }

    /** DELETE (§2.2.3): the job is forgotten, its executor told to stop and clean up, its files removed. */
    @Transactional
    public void delete(String jobList, String jobId) {
        delete(lock(jobList, jobId));
    }

    private void delete(JobEntity job) {
        String jobId = job.jobId;
        if (job.phase != ExecutionPhase.PENDING && job.phase != ExecutionPhase.HELD) {
            enqueue(new JobCommand.DeleteJob(UUID.randomUUID().toString(), jobId, job.jobList, job.executor,
                    Instant.now()));
        }
        AppliedEventEntity.delete("jobId", jobId);
        job.delete();
        changed(jobId);
        tx.registerInterposedSynchronization(afterCommit(() -> files.deleteJobDir(jobId)));
    }

    /** POST parameters (§2.2.3.4): only while PENDING. */
    @Transactional
    public void updateParameters(String jobList, String jobId, JobDescription d, Map<String, String> params,
                                 Set<String> uploads) {
        JobEntity job = lock(jobList, jobId);
        PhaseRules.checkModifiable(job.phase, "parameters");
        Map<String, String> merged = new LinkedHashMap<>(parameters(job));
        merged.putAll(params);
        job.parameters = write(merged);
        if (!uploads.isEmpty()) {
            Set<String> all = new java.util.TreeSet<>(uploads(job));
            all.addAll(uploads);
            job.uploads = write(all);
        }
        changed(jobId);
    }

    /** POST executionduration (§2.2.3.3): only while PENDING; the server caps it at the description's maximum. */
    @Transactional
    public void updateExecutionDuration(String jobList, String jobId, JobDescription d, long seconds) {
        JobEntity job = lock(jobList, jobId);
        PhaseRules.checkModifiable(job.phase, "executionDuration");
        job.executionDuration = d.executionDurationFor(seconds);
        changed(jobId);
    }

    /** POST destruction (§2.2.3.3): any time; the server may shorten it to {@code latest}. */
    @Transactional
    public void updateDestruction(String jobList, String jobId, Instant destruction, Instant latest) {
        JobEntity job = lock(jobList, jobId);
        job.destruction = destruction.isAfter(latest) ? latest : destruction;
        changed(jobId);
    }

    /** Applies a batch of events in one transaction, in order (see {@link #apply}). */
    @Transactional
    public void applyAll(List<JobEvent> events) {
        events.forEach(this::apply);
    }

    /** Applies an executor's event unless it was applied before or would move the job backwards. */
    @Transactional
    public void apply(JobEvent event) {
        if (AppliedEventEntity.findById(event.eventId()) != null) {
            return;
        }
        JobEntity job = JobEntity.findById(event.jobId(), LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            LOG.debugf("event %s for unknown (deleted?) job %s ignored", event.eventId(), event.jobId());
            return;
        }
        var applied = new AppliedEventEntity();
        applied.eventId = event.eventId();
        applied.jobId = event.jobId();
        applied.persist();
        if (!(event instanceof JobEvent.PhaseChanged pc) || !PhaseRules.movesForward(job.phase, pc.phase())) {
            return;
        }
        Instant at = pc.occurredAt() == null ? Instant.now() : pc.occurredAt();
        job.phase = pc.phase();
        if (pc.executorJobId() != null) {
            job.executorJobId = pc.executorJobId();
        }
        if (pc.phase() == ExecutionPhase.EXECUTING && job.startTime == null) {
            job.startTime = at;
        }
        if (pc.phase() == ExecutionPhase.EXECUTING && job.executionDuration > 0) {
            // Measured from our clock, not the executor's, so a skewed executor clock cannot abort a job early.
            job.deadline = Instant.now().plusSeconds(job.executionDuration);
        }
        if (pc.phase().isFinal()) {
            job.endTime = at;
            job.deadline = null;
            if (job.startTime == null) {
                job.startTime = at;
            }
        }
        if (!pc.results().isEmpty()) {
            job.results = write(pc.results());
        }
        if (pc.error() != null) {
            job.errorType = "transient".equals(pc.error().type()) ? "transient" : "fatal";
            job.errorMessage = pc.error().message();
        }
        changed(job.jobId);
    }

    /**
     * Aborts the EXECUTING jobs that have overrun their executionDuration (UWS 1.1 §2.2.3.3).
     *
     * @return how many were aborted
     */
    @Transactional
    public int abortOverrunJobs(int batch) {
        List<JobEntity> overrun = JobEntity.getEntityManager()
                .createQuery("from JobEntity j where j.deadline < :now order by j.deadline", JobEntity.class)
                .setParameter("now", Instant.now()).setMaxResults(batch)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED: another replica has them
                .getResultList();
        for (JobEntity job : overrun) {
            if (PhaseRules.ACTIVE.contains(job.phase)) {
                abort(job, "execution duration of " + job.executionDuration + " s exceeded");
            } else {
                job.deadline = null;
            }
        }
        return overrun.size();
    }

    /**
     * Destroys the jobs whose destruction time has passed (UWS 1.1 §2.2.3.3): rows, files, and executor state.
     *
     * @return how many were destroyed
     */
    @Transactional
    public int destroyExpiredJobs(int batch) {
        List<JobEntity> expired = JobEntity.getEntityManager()
                .createQuery("from JobEntity j where j.destruction < :now order by j.destruction", JobEntity.class)
                .setParameter("now", Instant.now()).setMaxResults(batch)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2)
                .getResultList();
        expired.forEach(this::delete);
        return expired.size();
    }

    public Map<String, String> parameters(JobEntity job) {
        return read(job.parameters, PARAMS);
    }

    public List<JobEvent.JobResult> results(JobEntity job) {
        return read(job.results, RESULTS);
    }

    public Set<String> uploads(JobEntity job) {
        return Set.copyOf(read(job.uploads, new TypeReference<List<String>>() {
        }));
    }

    private JobEntity lock(String jobList, String jobId) {
        JobEntity job = JobEntity.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || !job.jobList.equals(jobList)) {
            throw new NoSuchJobException("no job " + jobId + " in job list " + jobList);
        }
        return job;
    }

    private void enqueue(JobCommand command) {
        OutboxEntity row = new OutboxEntity();
        row.commandId = command.commandId();
        row.jobId = command.jobId();
        row.payload = JobContractCodec.encode(command);
        row.persist();
        tx.registerInterposedSynchronization(afterCommit(relay::wake));
    }

    private void changed(String jobId) {
        tx.registerInterposedSynchronization(afterCommit(() -> notifier.changed(jobId)));
    }

    private static Synchronization afterCommit(Runnable action) {
        return new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        };
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in job row: " + e.getMessage(), e);
        }
    }
}
