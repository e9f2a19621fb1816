package org.gammavo.jobs.contract;

/**
 * The phases of a UWS job, with the names of UWS 1.1 §2.2.3.1 (the {@code uws:ExecutionPhase} type).
 */
public enum ExecutionPhase {
    PENDING, QUEUED, EXECUTING, COMPLETED, ERROR, ABORTED, UNKNOWN, HELD, SUSPENDED, ARCHIVED;

    /** True for the phases a job never leaves except by destruction or archiving. */
    public boolean isFinal() {
        return this == COMPLETED || this == ERROR || this == ABORTED || this == ARCHIVED;
    }
}
