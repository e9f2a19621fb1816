package org.gammavo.uws.adapters;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.gammavo.jobs.contract.ExecutionPhase;

import java.time.Instant;

/** A UWS job as stored (table {@code uws.job}). */
@Entity
@Table(name = "job")
public class JobEntity extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public String jobId;

    @Column(name = "job_list", nullable = false)
    public String jobList;

    @Column(name = "run_id")
    public String runId;

    @Column(name = "owner_id")
    public String ownerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ExecutionPhase phase;

    @Column(name = "creation_time", nullable = false)
    public Instant creationTime;

    @Column(name = "start_time")
    public Instant startTime;

    @Column(name = "end_time")
    public Instant endTime;

    @Column(name = "execution_duration")
    public long executionDuration;

    public Instant destruction;

    /** JSON object of name → value. */
    public String parameters = "{}";

    /** JSON array of {@link org.gammavo.jobs.contract.JobEvent.JobResult}. */
    public String results = "[]";

    @Column(name = "error_type")
    public String errorType;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "executor_job_id")
    public String executorJobId;

    /** {@code id@version} of the job description the parameters were validated against. */
    @Column(name = "description_id")
    public String descriptionId;

    /** Who runs the job: {@code slurm} or {@code tap}. */
    public String executor;

    /** startTime + executionDuration while EXECUTING with a limit; the enforcer aborts the job after it. */
    public Instant deadline;

    /** JSON array of the names of parameters that were uploaded as files. */
    public String uploads = "[]";
}
