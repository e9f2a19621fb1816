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

    /** Phases in which a job still holds or may take resources: ABORT is allowed. */
    public static final Set<ExecutionPhase> ACTIVE = Set.of(ExecutionPhase.PENDING, ExecutionPhase.QUEUED,
            ExecutionPhase.EXECUTING, ExecutionPhase.HELD, ExecutionPhase.SUSPENDED);

    /** UWS 1.1 §2.2.3.2: WAIT blocks only while the job is in one of these ("active") phases. */
    public static final Set<ExecutionPhase> WAIT_BLOCKS = Set.of(ExecutionPhase.PENDING, ExecutionPhase.QUEUED,
            ExecutionPhase.EXECUTING);

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

    /**
     * Whether the job has been handed to its executor: every phase but PENDING and HELD (a job the client has not
     * run yet, or that waits for it). Only such a job may be run or modified, and only a sent one needs its
     * executor told of an abort or a deletion.
     */
    public static boolean sentToExecutor(ExecutionPhase current) {
        return current != ExecutionPhase.PENDING && current != ExecutionPhase.HELD;
    }

    /** Whether PHASE=ABORT (or an overrun) may stop a job in {@code current}. */
    public static boolean mayAbort(ExecutionPhase current) {
        return ACTIVE.contains(current);
    }

    /** Whether WAIT blocks for a job in {@code current} (§2.2.3.2). */
    public static boolean waitBlocks(ExecutionPhase current) {
        return WAIT_BLOCKS.contains(current);
    }

    /** PHASE=RUN: only a PENDING (or HELD) job can be started. */
    public static void checkRun(ExecutionPhase current) {
        if (sentToExecutor(current)) {
            throw new IllegalPhaseTransitionException("cannot RUN a job in phase " + current
                    + ": only a PENDING job can be started");
        }
    }

    /** PHASE=ABORT: a job that has already finished cannot be aborted. */
    public static void checkAbort(ExecutionPhase current) {
        if (!mayAbort(current)) {
            throw new IllegalPhaseTransitionException("cannot ABORT a job in phase " + current
                    + ": it has already finished");
        }
    }

    /** §2.2.3.4 / §2.2.3.3: parameters and executionDuration may only be changed before the job runs. */
    public static void checkModifiable(ExecutionPhase current, String what) {
        if (sentToExecutor(current)) {
            throw new IllegalPhaseTransitionException("cannot change " + what + " of a job in phase " + current
                    + ": only a PENDING job can be modified");
        }
    }
}
