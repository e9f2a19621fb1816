package org.gammavo.bridge.domain;

import org.gammavo.bridge.adapters.ClasspathJobCatalog;
import org.gammavo.bridge.adapters.FileJobStore;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SLURM executor's rules, with an in-memory cluster (the real one is in SlurmBridgeTest). */
class SlurmExecutorTest {

    /** A cluster in memory: jobs keep the state the test gives them. */
    static final class FakeSlurm implements SlurmClient {
        final List<SlurmJob> jobs = new CopyOnWriteArrayList<>();
        final List<String> cancelled = new ArrayList<>();
        int submissions;
        int listings;

        @Override
        public String submit(Submission s) {
            submissions++;
            String id = String.valueOf(100 + submissions);
            jobs.add(new SlurmJob(id, s.name(), s.comment(), "PENDING", -1, 0, now(), 0));
            return id;
        }

        @Override
        public List<SlurmJob> jobs() {
            listings++;
            return List.copyOf(jobs);
        }

        @Override
        public void cancel(String id) {
            cancelled.add(id);
            set(id, "CANCELLED", -1, 0);
        }

        @Override
        public String describe() {
            return "fake";
        }

        void set(String id, String state, int exit, long start) {
            jobs.replaceAll(j -> j.slurmJobId().equals(id)
                    ? new SlurmJob(id, j.name(), j.comment(), state, exit, 0, j.submitTime(), start == 0 ? j.startTime() : start)
                    : j);
        }
    }

    @TempDir
    Path results;
    FakeSlurm slurm;
    FileJobStore store;
    List<JobEvent.PhaseChanged> events;
    SlurmExecutor executor;

    static long now() {
        return Instant.now().getEpochSecond();
    }

    @BeforeEach
    void setUp() {
        slurm = new FakeSlurm();
        store = new FileJobStore(results, "");
        events = new CopyOnWriteArrayList<>();
        executor = newExecutor();
    }

    private SlurmExecutor newExecutor() {
        return new SlurmExecutor(slurm, store, new JobPreparer(new ClasspathJobCatalog(), name -> new double[]{1, 2}),
                events::add, Map.of("PATH", "/bin"), Duration.ofSeconds(1), Duration.ofSeconds(8));
    }

    private static JobCommand.RunJob run(String jobId, String kind, long duration) {
        return new JobCommand.RunJob("c-" + Math.random(), jobId, kind, "slurm", Instant.now(), "me", null, kind,
                Map.of(), duration);
    }

    private List<ExecutionPhase> phases(String jobId) {
        return events.stream().filter(e -> e.jobId().equals(jobId)).map(JobEvent.PhaseChanged::phase).toList();
    }

    @Test
    void redeliveredRunCommandIsNotSubmittedAgain() {
        executor.run(run("j1", "selftest", 60));
        executor.run(run("j1", "selftest", 60));
        newExecutor().run(run("j1", "selftest", 60)); // a restarted bridge reads the job's directory
        assertEquals(1, slurm.submissions);
        assertEquals(List.of(ExecutionPhase.QUEUED), phases("j1"));
    }

    @Test
    void crashInsideSubmissionFindsTheJobByName() {
        JobCommand.RunJob cmd = run("j2", "selftest", 60);
        store.prepare(cmd, "#!/bin/bash\n");
        store.markSubmitting("j2");
        slurm.jobs.add(new SlurmJob("77", "uws-j2", "uws:selftest/j2", "RUNNING", -1, 0, now(), now()));
        executor.run(cmd);
        assertEquals(0, slurm.submissions);
        assertEquals("77", store.executorJobId("j2").orElseThrow());
    }

    @Test
    void crashBeforeSubmissionSubmitsOnce() {
        JobCommand.RunJob cmd = run("j3", "selftest", 60);
        store.prepare(cmd, "#!/bin/bash\n");
        store.markSubmitting("j3");
        executor.reconcile();
        assertEquals(1, slurm.submissions);
    }

    @Test
    void onePollListsTheClusterOnceAndReportsEveryJob() throws Exception {
        for (int i = 0; i < 50; i++) {
            executor.run(run("m" + i, "selftest", 60));
        }
        slurm.listings = 0;
        for (SlurmJob j : slurm.jobs) {
            Files.writeString(store.dir(j.uwsJobId()).resolve("result.txt"), "ok");
            slurm.set(j.slurmJobId(), "COMPLETED", 0, now());
        }
        executor.poll();
        assertEquals(1, slurm.listings);
        for (int i = 0; i < 50; i++) {
            assertEquals(List.of(ExecutionPhase.QUEUED, ExecutionPhase.EXECUTING, ExecutionPhase.COMPLETED), phases("m" + i));
        }
        JobEvent.PhaseChanged done = events.get(events.size() - 1);
        assertEquals(List.of("result.txt", "manifest"), done.results().stream().map(JobEvent.JobResult::id).toList());
        assertEquals(0, executor.watchedCount());
        executor.poll();
        assertEquals(1, slurm.listings, "nothing to watch: no request");
    }

    @Test
    void restartedBridgeReconcilesAndFinishesJobs() throws Exception {
        executor.run(run("r1", "test-fail", 60));
        executor.run(run("r2", "selftest", 60));
        // the bridge dies; meanwhile SLURM runs both jobs to their end
        Files.writeString(store.stderr("r1"), "error: broken input\n");
        Files.writeString(store.dir("r2").resolve("result.txt"), "ok");
        slurm.set("101", "FAILED", 3, now());
        slurm.set("102", "COMPLETED", 0, now());
        SlurmExecutor restarted = newExecutor();
        restarted.reconcile();
        assertEquals(2, restarted.watchedCount());
        restarted.poll();
        JobEvent.PhaseChanged failed = events.stream().filter(e -> e.jobId().equals("r1") && e.phase().isFinal())
                .findFirst().orElseThrow();
        assertEquals("the job failed with exit code 3: error: broken input", failed.error().message());
        assertTrue(phases("r2").contains(ExecutionPhase.COMPLETED));
        assertEquals(2, slurm.submissions);
        assertTrue(store.unreported().isEmpty());
    }

    @Test
    void jobPastItsDurationIsCancelledAndEndsInError() {
        executor.run(run("d1", "selftest", 5));
        slurm.set("101", "RUNNING", -1, now() - 10);
        executor.poll();
        assertEquals(List.of("101"), slurm.cancelled);
        executor.poll();
        JobEvent.PhaseChanged last = events.get(events.size() - 1);
        assertEquals(ExecutionPhase.ERROR, last.phase());
        assertEquals(SlurmStateMapper.DURATION_EXCEEDED, last.error().message());
    }

    @Test
    void abortCancelsAndEndsAborted() {
        executor.run(run("a1", "selftest", 0));
        slurm.set("101", "RUNNING", -1, now());
        executor.poll();
        executor.abort("a1");
        executor.poll();
        assertEquals(List.of(ExecutionPhase.QUEUED, ExecutionPhase.EXECUTING, ExecutionPhase.ABORTED), phases("a1"));
    }

    @Test
    void timeLimitIsWholeMinutesWithMargin() {
        assertEquals(0, SlurmExecutor.timeLimitMinutes(0));
        assertEquals(2, SlurmExecutor.timeLimitMinutes(3));
        assertEquals(31, SlurmExecutor.timeLimitMinutes(1800));
    }
}
