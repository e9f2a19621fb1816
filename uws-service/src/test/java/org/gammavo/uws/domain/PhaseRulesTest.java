package org.gammavo.uws.domain;

import org.gammavo.jobs.contract.ExecutionPhase;
import org.junit.jupiter.api.Test;

import static org.gammavo.jobs.contract.ExecutionPhase.*;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** UWS 1.1 §2.2.3.2: WAIT blocks in PENDING, QUEUED and EXECUTING only; ABORT is allowed in more. */
    @Test
    void waitBlocksOnlyInTheActivePhasesOfTheStandard() {
        assertEquals(java.util.Set.of(PENDING, QUEUED, EXECUTING), PhaseRules.WAIT_BLOCKS);
        assertFalse(PhaseRules.waitBlocks(HELD));
        assertTrue(PhaseRules.mayAbort(HELD));
        assertFalse(PhaseRules.sentToExecutor(HELD));
        assertTrue(PhaseRules.sentToExecutor(QUEUED));
    }
}
