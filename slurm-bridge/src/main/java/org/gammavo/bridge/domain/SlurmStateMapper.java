package org.gammavo.bridge.domain;

import org.gammavo.jobs.contract.ExecutionPhase;

import java.util.Locale;

/**
 * Maps a SLURM job state to the UWS phase it means (UWS 1.1 §2.2.3.1).
 *
 * <table>
 *   <tr><th>SLURM</th><th>UWS</th></tr>
 *   <tr><td>PENDING, REQUEUED, REQUEUE_HOLD, REQUEUE_FED, RESV_DEL_HOLD</td><td>QUEUED</td></tr>
 *   <tr><td>RUNNING, COMPLETING, CONFIGURING, RESIZING, SIGNALING, STAGE_OUT</td><td>EXECUTING</td></tr>
 *   <tr><td>SUSPENDED, STOPPED</td><td>SUSPENDED</td></tr>
 *   <tr><td>COMPLETED with exit 0</td><td>COMPLETED</td></tr>
 *   <tr><td>COMPLETED with exit &ne; 0, FAILED, OUT_OF_MEMORY</td><td>ERROR (fatal)</td></tr>
 *   <tr><td>NODE_FAIL, BOOT_FAIL, PREEMPTED</td><td>ERROR (transient)</td></tr>
 *   <tr><td>TIMEOUT, DEADLINE; CANCELLED by the bridge for the execution duration</td><td>ERROR (exceeded its execution duration)</td></tr>
 *   <tr><td>CANCELLED otherwise</td><td>ABORTED</td></tr>
 * </table>
 * Any other state is reported as {@code null} (no change published): a new SLURM state must not invent a phase.
 */
public final class SlurmStateMapper {

    /** Message of the ERROR a job gets when it ran past its UWS executionDuration. */
    public static final String DURATION_EXCEEDED = "the job exceeded its execution duration";

    private SlurmStateMapper() {
    }

    /**
     * The UWS view of a SLURM job.
     *
     * @param phase     the phase, or null if the state is not one the bridge knows
     * @param errorType {@code fatal} or {@code transient} for ERROR, else null
     * @param reason    why the job failed, for ERROR; the job's log is added by the executor
     */
    public record Outcome(ExecutionPhase phase, String errorType, String reason) {
        static Outcome of(ExecutionPhase phase) {
            return new Outcome(phase, null, null);
        }
    }

    /**
     * @param job        the job as SLURM reports it
     * @param stopReason why the bridge cancelled it, or null if it did not
     */
    public static Outcome map(SlurmJob job, StopReason stopReason) {
        String state = job.state() == null ? "" : job.state().toUpperCase(Locale.ROOT);
        // scontrol may add flags after the base state ("CANCELLED by 0", "COMPLETING+"): keep the base word.
        state = state.split("[ +]")[0];
        return switch (state) {
            case "PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD" -> Outcome.of(ExecutionPhase.QUEUED);
            case "RUNNING", "COMPLETING", "CONFIGURING", "RESIZING", "SIGNALING", "STAGE_OUT" ->
                    Outcome.of(ExecutionPhase.EXECUTING);
            case "SUSPENDED", "STOPPED" -> Outcome.of(ExecutionPhase.SUSPENDED);
            case "COMPLETED" -> job.exitCode() == 0 && job.signal() == 0 ? Outcome.of(ExecutionPhase.COMPLETED)
                    : failed("fatal", exitText(job));
            case "FAILED" -> failed("fatal", exitText(job));
            case "OUT_OF_MEMORY" -> failed("fatal", "the job ran out of memory");
            case "NODE_FAIL", "BOOT_FAIL" -> failed("transient", "the compute node failed (SLURM " + state + ")");
            case "PREEMPTED" -> failed("transient", "the job was preempted by SLURM");
            case "TIMEOUT", "DEADLINE" -> failed("fatal", DURATION_EXCEEDED);
            case "CANCELLED" -> stopReason == StopReason.DURATION_EXCEEDED ? failed("fatal", DURATION_EXCEEDED)
                    : Outcome.of(ExecutionPhase.ABORTED);
            default -> new Outcome(null, null, null);
        };
    }

    private static Outcome failed(String type, String reason) {
        return new Outcome(ExecutionPhase.ERROR, type, reason);
    }

    private static String exitText(SlurmJob job) {
        if (job.signal() != 0) {
            return "the job was killed by signal " + job.signal();
        }
        return job.exitCode() >= 0 ? "the job failed with exit code " + job.exitCode() : "the job failed";
    }

    /** Why the bridge itself stopped a job; kept in the job's directory so that a restarted bridge knows too. */
    public enum StopReason {
        /** UWS PHASE=ABORT or DELETE. */
        ABORT,
        /** The job ran past its UWS executionDuration. */
        DURATION_EXCEEDED
    }
}
