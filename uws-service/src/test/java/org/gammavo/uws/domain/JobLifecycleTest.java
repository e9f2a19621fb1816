package org.gammavo.uws.domain;

import org.gammavo.jobs.catalogue.InvalidParameterException;
import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.jobs.catalogue.ParameterDescription;
import org.gammavo.jobs.catalogue.ParameterType;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The phase machine on its own: which changes a job makes and which commands its executor gets. */
class JobLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    private static final JobDescription D = new JobDescription("spectrum", "1", "t", "d", "slurm", false, 60, 1800,
            7200, Duration.ofDays(7), List.of(
            new ParameterDescription("ra", ParameterType.DOUBLE, true, "RA", "deg", null, null, 0.0, 360.0, null, null),
            new ParameterDescription("model", ParameterType.ENUM, false, "m", null, null, "power-law", null, null,
                    List.of("power-law", "log-parabola"), null)), List.of());

    private final List<JobCommand> sent = new ArrayList<>();
    private final JobLifecycle lifecycle = new JobLifecycle(sent::add, Clock.fixed(NOW, ZoneOffset.UTC));

    private JobState pending() {
        return lifecycle.create("j1", D, "alice", null, Map.of("ra", "83.6"), Set.of(), null, null, false);
    }

    @Test
    void runQueuesWithDefaultsAndSendsRunJob() {
        JobState job = pending();
        assertEquals(ExecutionPhase.PENDING, job.phase);
        assertEquals(NOW.plus(Duration.ofDays(7)), job.destruction);
        assertTrue(sent.isEmpty());
        lifecycle.run(job, D);
        assertEquals(ExecutionPhase.QUEUED, job.phase);
        JobCommand.RunJob run = assertInstanceOf(JobCommand.RunJob.class, sent.get(0));
        assertEquals(Map.of("ra", "83.6", "model", "power-law"), run.parameters());
        assertEquals("spectrum@1", run.descriptionId());
        assertThrows(IllegalPhaseTransitionException.class, () -> lifecycle.run(job, D));
        assertThrows(IllegalPhaseTransitionException.class, () -> lifecycle.changeParameters(job, Map.of(), Set.of()));
    }

    @Test
    void aJobThatCannotRunIsNotQueued() {
        JobState job = lifecycle.create("j2", D, "alice", null, Map.of(), Set.of(), null, null, false);
        assertThrows(InvalidParameterException.class, () -> lifecycle.run(job, D));
        assertEquals(ExecutionPhase.PENDING, job.phase);
        assertTrue(sent.isEmpty());
    }

    @Test
    void abortAndDeleteTellTheExecutorOnlyOfJobsItWasSent() {
        lifecycle.delete(pending());
        JobState unsent = pending();
        lifecycle.abort(unsent);
        assertEquals(ExecutionPhase.ABORTED, unsent.phase);
        assertTrue(sent.isEmpty(), sent.toString());
        assertThrows(IllegalPhaseTransitionException.class, () -> lifecycle.abort(unsent));
        JobState queued = pending();
        lifecycle.run(queued, D);
        lifecycle.abort(queued);
        lifecycle.delete(queued);
        assertInstanceOf(JobCommand.AbortJob.class, sent.get(1));
        assertInstanceOf(JobCommand.DeleteJob.class, sent.get(2));
    }

    @Test
    void eventsOnlyMoveForwardAndExecutingStartsTheDeadline() {
        JobState job = pending();
        lifecycle.run(job, D);
        Instant at = NOW.minusSeconds(5);
        assertTrue(lifecycle.apply(job, event(ExecutionPhase.EXECUTING, at)));
        assertEquals(at, job.startTime);
        assertEquals(NOW.plusSeconds(1800), job.deadline, "our clock, not the executor's");
        assertFalse(lifecycle.apply(job, event(ExecutionPhase.QUEUED, NOW)));
        assertTrue(lifecycle.apply(job, event(ExecutionPhase.COMPLETED, NOW)));
        assertNull(job.deadline);
        assertFalse(lifecycle.apply(job, event(ExecutionPhase.ERROR, NOW)), "a final phase is never left");
        assertFalse(lifecycle.abortOverrun(job));
    }

    @Test
    void anOverrunJobIsAbortedWithItsReason() {
        JobState job = pending();
        lifecycle.run(job, D);
        lifecycle.apply(job, event(ExecutionPhase.EXECUTING, NOW));
        assertTrue(lifecycle.abortOverrun(job));
        assertEquals(ExecutionPhase.ABORTED, job.phase);
        assertEquals("execution duration of 1800 s exceeded", job.errorMessage);
        assertInstanceOf(JobCommand.AbortJob.class, sent.get(sent.size() - 1));
    }

    private static JobEvent.PhaseChanged event(ExecutionPhase phase, Instant at) {
        return new JobEvent.PhaseChanged("e-" + phase, "j1", "spectrum", at, phase, "slurm", "42", List.of(), null);
    }
}
