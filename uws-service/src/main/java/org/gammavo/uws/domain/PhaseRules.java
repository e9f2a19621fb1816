package org.gammavo.uws.domain;

import org.gammavo.jobs.contract.ExecutionPhase;

/**
 * Which phase changes reported by an executor may be applied to a job.
 *
 * <p>Executor events can be redelivered or overtake each other (UWS 1.1 §2.2.3.1 only allows a job to move
 * forward: PENDING → QUEUED → EXECUTING → a final phase). An event is applied only when it moves the job forward;
 * a final phase is never left.
 */
public final class PhaseRules {

    private PhaseRules() {
    }

    /** Position of a phase on the forward path; final phases share the last position. */
    public static int rank(ExecutionPhase phase) {
        return switch (phase) {
            case PENDING, HELD -> 0;
            case QUEUED -> 1;
            case EXECUTING, SUSPENDED -> 2;
            case COMPLETED, ERROR, ABORTED -> 3;
            case ARCHIVED -> 4;
            case UNKNOWN -> -1;
        };
    }

    /** True when an executor's report of {@code reported} should change a job now in {@code current}. */
    public static boolean movesForward(ExecutionPhase current, ExecutionPhase reported) {
        if (current.isFinal() || reported == ExecutionPhase.UNKNOWN) {
            return false;
        }
        return rank(reported) > rank(current);
    }
}
