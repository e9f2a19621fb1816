package org.gammavo.bridge.domain;

/**
 * What SLURM says about one job at one moment.
 *
 * @param slurmJobId SLURM's job id
 * @param name       the job name (the bridge uses {@code uws-<jobId>})
 * @param comment    the job comment (the bridge uses {@code uws:<jobList>/<jobId>})
 * @param state      the base job state, e.g. {@code PENDING}, {@code RUNNING}, {@code COMPLETED}, {@code TIMEOUT}
 * @param exitCode   the batch script's exit status (0–255), or -1 if unknown or not yet ended
 * @param signal     the signal that ended the script, 0 if none
 * @param submitTime submission time, epoch seconds (0 if unknown)
 * @param startTime  start time, epoch seconds (0 if not started)
 * @param reason     why the job is in its state, as SLURM says it (e.g. {@code launch failed requeued held},
 *                   {@code JobHeldAdmin}, {@code Resources}), or null
 */
public record SlurmJob(String slurmJobId, String name, String comment, String state, int exitCode, int signal,
                       long submitTime, long startTime, String reason) {

    public SlurmJob(String slurmJobId, String name, String comment, String state, int exitCode, int signal,
                    long submitTime, long startTime) {
        this(slurmJobId, name, comment, state, exitCode, signal, submitTime, startTime, null);
    }

    /**
     * Whether SLURM requeued the job after a failed launch and holds it: it will not run unless an operator releases
     * it. slurmctld does this when slurmd refuses the launch ("Duplicate jobid" after a controller crash reused the
     * id of a job still on the node, which also drains the node): state {@code PENDING} (or the
     * {@code REQUEUE_HOLD} flag), reason "launch failed requeued held" ({@code scontrol}: with underscores).
     */
    public boolean heldAfterRequeue() {
        String s = state == null ? "" : state.toUpperCase(java.util.Locale.ROOT);
        if (s.startsWith("REQUEUE_HOLD")) {
            return true;
        }
        String r = reason == null ? "" : reason.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return (s.startsWith("PENDING") || s.startsWith("REQUEUED")) && r.contains("requeued held");
    }

    /** The name the bridge gives the SLURM job of a UWS job. */
    public static String nameFor(String jobId) {
        return "uws-" + jobId;
    }

    /** The comment the bridge gives the SLURM job of a UWS job: says what it is to anyone reading squeue. */
    public static String commentFor(String jobList, String jobId) {
        return "uws:" + jobList + "/" + jobId;
    }

    /** The UWS job id this SLURM job belongs to, or null if it is not one of the bridge's. */
    public String uwsJobId() {
        if (comment != null && comment.startsWith("uws:") && comment.indexOf('/') > 0) {
            return comment.substring(comment.indexOf('/') + 1);
        }
        return name != null && name.startsWith("uws-") ? name.substring(4) : null;
    }

    /** The UWS job list, from the comment, or null. */
    public String uwsJobList() {
        return comment != null && comment.startsWith("uws:") && comment.indexOf('/') > 0
                ? comment.substring(4, comment.indexOf('/')) : null;
    }
}
