package org.gammavo.uws.domain;

import org.gammavo.jobs.contract.ExecutionPhase;

import java.util.Set;

/**
 * Which phase changes a job may make, asked for by a client or reported by an executor (UWS 1.1 §2.2.3.1).
 *
 * <p>Executor events can be redelivered or overtake each other; a job only moves forward
 * (PENDING → QUEUED → EXECUTING → a final phase) and a final phase is never left. An event is applied only when it
 * moves the job forward.
 */
public final class PhaseRules {

    /** Phases in which a job still holds or may take resources: ABORT is allowed, WAIT blocks. */
    public static final Set<ExecutionPhase> ACTIVE = Set.of(ExecutionPhase.PENDING, ExecutionPhase.QUEUED,
            ExecutionPhase.EXECUTING, ExecutionPhase.HELD, ExecutionPhase.SUSPENDED);

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

    /** PHASE=RUN: only a PENDING (or HELD) job can be started. */
    public static void checkRun(ExecutionPhase current) {
        if (current != ExecutionPhase.PENDING && current != ExecutionPhase.HELD) {
            throw new IllegalPhaseTransitionException("cannot RUN a job in phase " + current
                    + ": only a PENDING job can be started");
        }
    }

    /** PHASE=ABORT: a job that has already finished cannot be aborted. */
    public static void checkAbort(ExecutionPhase current) {
        if (!ACTIVE.contains(current)) {
            throw new IllegalPhaseTransitionException("cannot ABORT a job in phase " + current
                    + ": it has already finished");
        }
    }

    /** §2.2.3.4 / §2.2.3.3: parameters and executionDuration may only be changed before the job runs. */
    public static void checkModifiable(ExecutionPhase current, String what) {
        if (current != ExecutionPhase.PENDING && current != ExecutionPhase.HELD) {
            throw new IllegalPhaseTransitionException("cannot change " + what + " of a job in phase " + current
                    + ": only a PENDING job can be modified");
        }
    }
}
