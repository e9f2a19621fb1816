package org.gammavo.bridge.domain;

import org.gammavo.jobs.contract.ExecutionPhase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlurmStateMapperTest {

    private static SlurmStateMapper.Outcome map(String state, int exit, int signal, SlurmStateMapper.StopReason r) {
        return SlurmStateMapper.map(new SlurmJob("1", "uws-j", "uws:k/j", state, exit, signal, 0, 0), r);
    }

    private static ExecutionPhase phase(String state, int exit) {
        return map(state, exit, 0, null).phase();
    }

    @Test
    void queuedAndExecuting() {
        assertEquals(ExecutionPhase.QUEUED, phase("PENDING", -1));
        assertEquals(ExecutionPhase.QUEUED, phase("REQUEUED", -1));
        assertEquals(ExecutionPhase.EXECUTING, phase("RUNNING", -1));
        assertEquals(ExecutionPhase.EXECUTING, phase("COMPLETING", -1));
        assertEquals(ExecutionPhase.SUSPENDED, phase("SUSPENDED", -1));
    }

    @Test
    void completedOnlyWithExitZero() {
        assertEquals(ExecutionPhase.COMPLETED, phase("COMPLETED", 0));
        SlurmStateMapper.Outcome bad = map("COMPLETED", 1, 0, null);
        assertEquals(ExecutionPhase.ERROR, bad.phase());
        assertTrue(bad.reason().contains("exit code 1"));
    }

    @Test
    void failuresAreErrors() {
        SlurmStateMapper.Outcome failed = map("FAILED", 3, 0, null);
        assertEquals(ExecutionPhase.ERROR, failed.phase());
        assertEquals("fatal", failed.errorType());
        assertEquals("the job failed with exit code 3", failed.reason());
        assertTrue(map("FAILED", 0, 9, null).reason().contains("signal 9"));
        assertEquals("transient", map("NODE_FAIL", -1, 0, null).errorType());
        assertTrue(map("OUT_OF_MEMORY", -1, 0, null).reason().contains("memory"));
    }

    @Test
    void timeoutAndBridgeEnforcedDurationSayExecutionDuration() {
        assertEquals(SlurmStateMapper.DURATION_EXCEEDED, map("TIMEOUT", -1, 0, null).reason());
        SlurmStateMapper.Outcome byBridge = map("CANCELLED", -1, 0, SlurmStateMapper.StopReason.DURATION_EXCEEDED);
        assertEquals(ExecutionPhase.ERROR, byBridge.phase());
        assertEquals(SlurmStateMapper.DURATION_EXCEEDED, byBridge.reason());
    }

    @Test
    void cancelledIsAborted() {
        assertEquals(ExecutionPhase.ABORTED, map("CANCELLED", -1, 0, SlurmStateMapper.StopReason.ABORT).phase());
        assertEquals(ExecutionPhase.ABORTED, phase("CANCELLED by 0", -1));
    }

    @Test
    void unknownStatesChangeNothing() {
        assertNull(phase("SOMETHING_NEW", -1));
        assertNull(phase(null, -1));
    }
}
