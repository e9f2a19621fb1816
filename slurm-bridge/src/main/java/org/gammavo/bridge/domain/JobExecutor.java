package org.gammavo.bridge.domain;

import org.gammavo.jobs.contract.JobCommand;

/**
 * The executor contract: what the bridge does with the commands of uws-service, whoever runs the work (a SLURM
 * cluster or local processes). Every implementation reports phases through {@link PhaseEvents} and writes results
 * into the job's directory on the shared results store.
 */
public interface JobExecutor {

    /** Name reported in events and health: {@code slurm} or {@code local}. */
    String name();

    /** Starts a job; a redelivered command for a job already started must not start it twice. */
    void run(JobCommand.RunJob command);

    /** Stops a queued or executing job; it then reaches ABORTED. Unknown or finished jobs are left alone. */
    void abort(String jobId);

    /** Stops the job if it runs and removes its working files. */
    void delete(String jobId);

    /** Catches up with jobs started before this process (called once at start-up). */
    default void reconcile() {
    }

    /** A one-line description of the executor's state for the health check, e.g. the cluster it talks to. */
    String describe();
}
