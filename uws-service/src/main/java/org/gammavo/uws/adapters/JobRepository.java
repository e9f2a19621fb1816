package org.gammavo.uws.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.uws.domain.JobLifecycle;
import org.gammavo.uws.domain.JobState;
import org.gammavo.uws.domain.NoSuchJobException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The stored UWS jobs (table {@code uws.job}) and the transactions around their phase changes: each change locks
 * the job's row, lets {@link JobLifecycle} (the domain's phase machine) change it, writes it back, puts the commands
 * the lifecycle sent into the outbox in the same transaction ({@link OutboxRelay} sends them) and wakes WAITing
 * requests after the commit.
 */
@ApplicationScoped
public class JobRepository {

    private static final Logger LOG = Logger.getLogger(JobRepository.class);
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

    private final JobLifecycle lifecycle = new JobLifecycle(this::enqueue, Clock.systemUTC());

    /** Creates a PENDING job, and runs it straight away when {@code run} (see {@link JobLifecycle#create}). */
    @Transactional
    public JobEntity create(String jobId, JobDescription d, String ownerId, String runId, Map<String, String> params,
                            Set<String> uploads, Long executionDuration, Instant destruction, boolean run) {
        // Run (and checked) before the insert so that a job that cannot run is not created half-way.
        JobState state = lifecycle.create(jobId, d, ownerId, runId, params, uploads, executionDuration, destruction,
                run);
        JobEntity job = new JobEntity();
        save(state, job);
        job.persist();
        if (run) {
            changed(jobId);
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

    /** PHASE=RUN (§2.2.3.1). */
    @Transactional
    public void run(String jobList, String jobId, JobDescription d) {
        change(jobList, jobId, state -> lifecycle.run(state, d));
    }

    /** PHASE=ABORT (§2.2.3.1): a job not yet sent is aborted here; a sent one is also stopped at its executor. */
    @Transactional
    public void abort(String jobList, String jobId) {
        change(jobList, jobId, lifecycle::abort);
    }

    /** DELETE (§2.2.3): the job is forgotten, its executor told to stop and clean up, its files removed. */
    @Transactional
    public void delete(String jobList, String jobId) {
        delete(lock(jobList, jobId));
    }

    private void delete(JobEntity job) {
        String jobId = job.jobId;
        lifecycle.delete(state(job));
        AppliedEventEntity.delete("jobId", jobId);
        job.delete();
        changed(jobId);
        tx.registerInterposedSynchronization(afterCommit(() -> files.deleteJobDir(jobId)));
    }

    /** POST parameters (§2.2.3.4): only while PENDING. */
    @Transactional
    public void updateParameters(String jobList, String jobId, Map<String, String> params, Set<String> uploads) {
        change(jobList, jobId, state -> lifecycle.changeParameters(state, params, uploads));
    }

    /** POST executionduration (§2.2.3.3): only while PENDING; the server caps it at the description's maximum. */
    @Transactional
    public void updateExecutionDuration(String jobList, String jobId, JobDescription d, long seconds) {
        change(jobList, jobId, state -> lifecycle.changeExecutionDuration(state, d, seconds));
    }

    /** POST destruction (§2.2.3.3): any time; the server may shorten it to {@code latest}. */
    @Transactional
    public void updateDestruction(String jobList, String jobId, Instant destruction, Instant latest) {
        change(jobList, jobId, state -> lifecycle.changeDestruction(state, destruction, latest));
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
        JobState state = state(job);
        if (event instanceof JobEvent.PhaseChanged pc && lifecycle.apply(state, pc)) {
            save(state, job);
            changed(job.jobId);
        }
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
            JobState state = state(job);
            if (lifecycle.abortOverrun(state)) {
                changed(job.jobId);
            }
            save(state, job);
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

    /** Locks the job, lets the lifecycle change it, writes it back and wakes WAITs after the commit. */
    private void change(String jobList, String jobId, Consumer<JobState> transition) {
        JobEntity job = lock(jobList, jobId);
        JobState state = state(job);
        transition.accept(state);
        save(state, job);
        changed(jobId);
    }

    private JobState state(JobEntity job) {
        JobState s = new JobState();
        s.jobId = job.jobId;
        s.jobList = job.jobList;
        s.ownerId = job.ownerId;
        s.runId = job.runId;
        s.executor = job.executor;
        s.descriptionId = job.descriptionId;
        s.phase = job.phase;
        s.creationTime = job.creationTime;
        s.startTime = job.startTime;
        s.endTime = job.endTime;
        s.executionDuration = job.executionDuration;
        s.destruction = job.destruction;
        s.deadline = job.deadline;
        s.errorType = job.errorType;
        s.errorMessage = job.errorMessage;
        s.executorJobId = job.executorJobId;
        s.parameters = new LinkedHashMap<>(parameters(job));
        s.uploads = new TreeSet<>(uploads(job));
        s.results = results(job);
        return s;
    }

    private void save(JobState s, JobEntity job) {
        job.jobId = s.jobId;
        job.jobList = s.jobList;
        job.ownerId = s.ownerId;
        job.runId = s.runId;
        job.executor = s.executor;
        job.descriptionId = s.descriptionId;
        job.phase = s.phase;
        job.creationTime = s.creationTime;
        job.startTime = s.startTime;
        job.endTime = s.endTime;
        job.executionDuration = s.executionDuration;
        job.destruction = s.destruction;
        job.deadline = s.deadline;
        job.errorType = s.errorType;
        job.errorMessage = s.errorMessage;
        job.executorJobId = s.executorJobId;
        job.parameters = write(s.parameters);
        job.uploads = write(s.uploads);
        job.results = write(s.results);
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
