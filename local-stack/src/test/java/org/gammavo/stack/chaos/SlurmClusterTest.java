package org.gammavo.stack.chaos;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which SLURM records count as a run of a job's batch script (the "ran twice" evidence from SLURM's side). */
class SlurmClusterTest {

    private static final String NAME = "uws-49eaa65f-0000-4000-8000-000000000001";

    @Test
    void aJobCancelledOrHeldBeforeItRanAndSubmittedOnceMoreIsOneRun() {
        Map<String, Set<String>> byName = new HashMap<>();
        // As scontrol -o show job prints them (fields shortened): the held first submission, the second that ran.
        SlurmCluster.collect(List.of(
                "JobId=212 JobName=" + NAME + " UserId=gammavo(999) GroupId=gammavo(995) MCS_label=N/A Priority=0"
                        + " Nice=0 Account=(null) QOS=(null) JobState=PENDING Reason=launch_failed_requeued_held",
                "JobId=215 JobName=" + NAME + " UserId=gammavo(999) GroupId=gammavo(995) MCS_label=N/A Priority=1"
                        + " Nice=0 Account=(null) QOS=(null) JobState=COMPLETED Reason=None"),
                SlurmCluster.SCONTROL, byName);
        // As jobcomp/filetxt writes them: the bridge's cancel of the held job.
        SlurmCluster.collect(List.of(
                "JobId=212 UserId=gammavo(999) GroupId=gammavo(995) Name=" + NAME + " JobState=CANCELLED"
                        + " Partition=debug TimeLimit=11 StartTime=2026-11-29T23:13:20 NodeList=vm"),
                SlurmCluster.JOBCOMP, byName);
        assertEquals(Set.of("215"), byName.get(NAME));
    }

    @Test
    void twoSubmissionsThatBothRanAreTwoRuns() {
        Map<String, Set<String>> byName = new HashMap<>();
        SlurmCluster.collect(List.of(
                "JobId=696 UserId=gammavo(999) GroupId=gammavo(995) Name=" + NAME + " JobState=FAILED Partition=debug",
                "JobId=706 UserId=gammavo(999) GroupId=gammavo(995) Name=" + NAME + " JobState=COMPLETED Partition=d"),
                SlurmCluster.JOBCOMP, byName);
        assertEquals(Set.of("696", "706"), byName.get(NAME));
    }
}
