package org.gammavo.stack.chaos;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The chaos run's verdicts: what counts as lost, run twice and misreported. */
class TrackedJobTest {

    private static TrackedJob job(Workload.Kind kind, String phase) {
        TrackedJob j = new TrackedJob(kind, "j1", URI.create("http://x/uws/" + kind.list + "/j1"), Instant.now(), null,
                "steady");
        j.observe(phase);
        return j;
    }

    private static TrackedJob completedSelftest() {
        TrackedJob j = job(Workload.Kind.SELFTEST, "COMPLETED");
        j.resultsServed = true;
        j.outputsOnDisk = true;
        j.runs = 1;
        j.exitStatus = "0 42";
        j.slurmIds = Set.of("42");
        return j;
    }

    @Test
    void completedWithResultsRunOnceIsOk() {
        assertEquals(TrackedJob.Verdict.OK, completedSelftest().judge());
    }

    @Test
    void aJobThatNeverEndsIsLost() {
        for (String phase : new String[] {"PENDING", "QUEUED", "EXECUTING"}) {
            assertEquals(TrackedJob.Verdict.LOST, job(Workload.Kind.SELFTEST, phase).judge(), phase);
        }
    }

    @Test
    void twoStartsOrTwoSlurmJobsAreRunTwice() {
        TrackedJob twoStarts = completedSelftest();
        twoStarts.runs = 2; // SLURM ran the same job id again after its controller lost its last state
        assertEquals(TrackedJob.Verdict.RAN_TWICE, twoStarts.judge());
        TrackedJob twoJobs = completedSelftest();
        twoJobs.slurmIds = Set.of("42", "57"); // submitted twice
        assertEquals(TrackedJob.Verdict.RAN_TWICE, twoJobs.judge());
    }

    @Test
    void completedWithoutResultsIsMisreported() {
        TrackedJob notServed = completedSelftest();
        notServed.resultsServed = false;
        notServed.resultsProblem = "result.txt answered 404";
        assertEquals(TrackedJob.Verdict.MISREPORTED, notServed.judge());
        TrackedJob notOnDisk = completedSelftest();
        notOnDisk.outputsOnDisk = false;
        assertEquals(TrackedJob.Verdict.MISREPORTED, notOnDisk.judge());
        TrackedJob neverStarted = completedSelftest();
        neverStarted.runs = 0;
        assertEquals(TrackedJob.Verdict.MISREPORTED, neverStarted.judge());
    }

    @Test
    void errorIsTrueOnlyWithoutResults() {
        TrackedJob trueError = job(Workload.Kind.CUTOUT, "ERROR");
        trueError.runs = 0;
        trueError.errorSummary = "cannot resolve target 'Crab'";
        assertEquals(TrackedJob.Verdict.OK, trueError.judge());
        TrackedJob produced = job(Workload.Kind.SELFTEST, "ERROR");
        produced.runs = 1;
        produced.outputsOnDisk = true;
        produced.exitStatus = "0 42";
        assertEquals(TrackedJob.Verdict.MISREPORTED, produced.judge());
        TrackedJob exitedZero = job(Workload.Kind.SELFTEST, "ERROR");
        exitedZero.runs = 1;
        exitedZero.exitStatus = "0 42"; // the script ended with 0 although the outputs are gone
        assertEquals(TrackedJob.Verdict.MISREPORTED, exitedZero.judge());
    }

    @Test
    void abortedIsNeverTrueInTheChaosRun() {
        assertEquals(TrackedJob.Verdict.MISREPORTED, job(Workload.Kind.ASYNC, "ABORTED").judge());
    }

    @Test
    void onlyTheFirstFinalPhaseCountsForTheEndTime() {
        TrackedJob j = job(Workload.Kind.ASYNC, "EXECUTING");
        assertEquals(null, j.finalAt);
        j.observe("COMPLETED\n");
        Instant end = j.finalAt;
        j.observe("COMPLETED");
        assertEquals(end, j.finalAt);
        assertEquals(0, j.finished.getCount());
    }
}
