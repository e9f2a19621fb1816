package org.gammavo.bridge.adapters;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The answers below are SLURM 22.05's own, seen on the local cluster (slurmrestd v0.0.38 and sbatch). */
class SlurmRefusalsTest {

    @Test
    void transientClusterStatesAreNotRefusals() {
        assertFalse(SlurmRefusals.isRefusal(2068, "Required node not available (down, drained or reserved)"));
        assertFalse(SlurmRefusals.isRefusal(1800, "Unable to contact slurm controller (connect failure)"));
        assertFalse(SlurmRefusals.isRefusal(2015, "Requested partition configuration not available now"));
        assertFalse(SlurmRefusals.isRefusal(0, "sbatch: error: Batch job submission failed: Socket timed out"));
        assertFalse(SlurmRefusals.isRefusal(0, "something nobody has seen before"));
    }

    @Test
    void wrongRequestsAreRefusals() {
        assertTrue(SlurmRefusals.isRefusal(2000, "Invalid partition name specified"));
        assertTrue(SlurmRefusals.isRefusal(0, "sbatch: error: Batch job submission failed: Invalid partition name specified"));
        assertTrue(SlurmRefusals.isRefusal(0, "Invalid time specification (-1); Failure during parsing (9001)"));
        assertTrue(SlurmRefusals.isRefusal(2014, "Requested node configuration is not available"));
    }
}
