package org.gammavo.uws.domain;

import org.gammavo.jobs.contract.ExecutionPhase;
import org.junit.jupiter.api.Test;

import static org.gammavo.jobs.contract.ExecutionPhase.*;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhaseRulesTest {

    @Test
    void eventsOnlyMoveForward() {
        assertTrue(PhaseRules.movesForward(QUEUED, EXECUTING));
        assertTrue(PhaseRules.movesForward(QUEUED, COMPLETED));
        assertFalse(PhaseRules.movesForward(EXECUTING, QUEUED));
        assertFalse(PhaseRules.movesForward(QUEUED, QUEUED));
        for (ExecutionPhase done : new ExecutionPhase[]{COMPLETED, ERROR, ABORTED}) {
            for (ExecutionPhase p : ExecutionPhase.values()) {
                assertFalse(PhaseRules.movesForward(done, p), done + " -> " + p);
            }
        }
    }

    @Test
    void clientTransitions() {
        assertDoesNotThrow(() -> PhaseRules.checkRun(PENDING));
        assertThrows(IllegalPhaseTransitionException.class, () -> PhaseRules.checkRun(QUEUED));
        assertDoesNotThrow(() -> PhaseRules.checkAbort(EXECUTING));
        assertThrows(IllegalPhaseTransitionException.class, () -> PhaseRules.checkAbort(COMPLETED));
        assertThrows(IllegalPhaseTransitionException.class, () -> PhaseRules.checkModifiable(EXECUTING, "x"));
    }

    @Test
    void ownerPolicy() {
        assertTrue(OwnerPolicy.mayAccess("alice", "alice"));
        assertFalse(OwnerPolicy.mayAccess("alice", "bob"));
        assertFalse(OwnerPolicy.mayAccess("alice", null));
        assertTrue(OwnerPolicy.mayAccess(null, "bob"));
    }
}
