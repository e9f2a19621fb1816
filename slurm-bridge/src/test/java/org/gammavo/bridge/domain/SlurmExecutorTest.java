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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SLURM executor's rules, with an in-memory cluster (the real one is in SlurmBridgeTest). */
class SlurmExecutorTest {

    /** A cluster in memory: jobs keep the state the test gives them. */
    static final class FakeSlurm implements SlurmClient {
        final List<SlurmJob> jobs = new CopyOnWriteArrayList<>();
        final List<String> cancelled = new ArrayList<>();
        /** Jobs SLURM has but does not list yet (an answer that arrives after the bridge gave up waiting). */
        final List<SlurmJob> hidden = new CopyOnWriteArrayList<>();
        final List<Instant> submittedAt = new ArrayList<>();
        int submissions;
        int listings;
        /** What the next submissions do, one per call; empty = accept. */
        final Deque<Behaviour> next = new ArrayDeque<>();
        Clock clock = Clock.systemUTC();

        enum Behaviour { UNKNOWN_NOT_CREATED, UNKNOWN_BUT_CREATED, UNKNOWN_CREATED_HIDDEN, REFUSED }

        @Override
        public String submit(Submission s) {
            submissions++;
            submittedAt.add(clock.instant());
            String id = String.valueOf(100 + submissions);
            Behaviour b = next.poll();
            SlurmJob job = new SlurmJob(id, s.name(), s.comment(), "PENDING", -1, 0, now(), 0);
            if (b == null) {
                jobs.add(job);
                return id;
            }
            switch (b) {
                case UNKNOWN_BUT_CREATED -> jobs.add(job);
                case UNKNOWN_CREATED_HIDDEN -> hidden.add(job);
                default -> { }
            }
            if (b == Behaviour.REFUSED) {
                throw new SlurmException("HTTP 500: Invalid partition name specified (2000)", false, null);
            }
            throw new SlurmException("HTTP 500: Unable to contact slurm controller (connect failure)", true, null);
        }

        @Override
        public List<SlurmJob> jobs() {
            listings++;
            return List.copyOf(jobs);
        }

        /** slurmctld killed -9 and restarted: it forgot the job, and gave its id to a job of someone else. */
        void loseAndReuse(String id, String otherName, String otherState) {
            jobs.removeIf(j -> j.slurmJobId().equals(id));
            jobs.add(new SlurmJob(id, otherName, null, otherState, 0, 0, now(), now()));
        }

        void show() {
            jobs.addAll(hidden);
            hidden.clear();
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

        /** slurmd refused the launch ("Duplicate jobid"): slurmctld requeued the job and holds it. */
        void holdAfterFailedLaunch(String id) {
            jobs.replaceAll(j -> j.slurmJobId().equals(id)
                    ? new SlurmJob(id, j.name(), j.comment(), "PENDING", -1, 0, j.submitTime(), 0,
                    "launch failed requeued held")
                    : j);
        }

        void set(String id, String state, int exit, long start) {
            jobs.replaceAll(j -> j.slurmJobId().equals(id)
                    ? new SlurmJob(id, j.name(), j.comment(), state, exit, 0, j.submitTime(), start == 0 ? j.startTime() : start)
                    : j);
        }
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** A resolver that is away for the first {@code away} calls, then knows every name but "Nowhere". */
    static final class FlakyResolver implements TargetResolver {
        int away;
        int calls;

        @Override
        public double[] resolve(String name) {
            calls++;
            if (calls <= away) {
                throw new ResolverUnavailableException("cannot resolve target '" + name
                        + "' yet: the resolver at http://resolver is unreachable: connection refused", null);
            }
            if (name.equals("Nowhere")) {
                throw new UnknownTargetException("unknown to the resolver");
            }
            return new double[]{83.63, 22.01};
        }
    }

    @TempDir
    Path results;
    FlakyResolver resolver;
    TestClock clock;
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
        clock = new TestClock();
        slurm.clock = clock;
        store = new FileJobStore(results, "");
        events = new CopyOnWriteArrayList<>();
        resolver = new FlakyResolver();
        executor = newExecutor();
    }

    private SlurmExecutor newExecutor() {
        return new SlurmExecutor(slurm, store, new JobPreparer(new ClasspathJobCatalog(), resolver),
                events::add, Map.of("PATH", "/bin"), Duration.ofSeconds(1), Duration.ofSeconds(8),
                SlurmExecutor.DEFAULT_SUBMIT_TIMEOUT, clock);
    }

    private static JobCommand.RunJob run(String jobId, String kind, long duration) {
        return run(jobId, kind, duration, Map.of());
    }

    private static JobCommand.RunJob run(String jobId, String kind, long duration, Map<String, String> parameters) {
        return new JobCommand.RunJob("c-" + Math.random(), jobId, kind, "slurm", Instant.now(), "me", null, kind,
                parameters, duration);
    }

    /** A cutout around a named target: the one kind of job that asks the resolver. */
    private static JobCommand.RunJob cutout(String jobId, String target, long duration) {
        return run(jobId, "cutout", duration, Map.of("target", target));
    }

    /** What the batch script appends when it starts (BatchScriptRenderer). */
    private void started(String jobId, String slurmJobId) throws Exception {
        Files.writeString(store.dir(jobId).resolve(BatchScriptRenderer.RUNS), slurmJobId + " 2026-11-29T22:12:25Z\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private List<String> visibleFiles(String jobId) throws Exception {
        try (var files = Files.list(store.dir(jobId))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    /** What the job's batch script writes when it ends (BatchScriptRenderer). */
    private void ranTo(String jobId, int exit, String slurmJobId) throws Exception {
        Files.writeString(store.dir(jobId).resolve(BatchScriptRenderer.EXIT_STATUS), exit + " " + slurmJobId + "\n");
    }

    private List<JobEvent.PhaseChanged> finals(String jobId) {
        return events.stream().filter(e -> e.jobId().equals(jobId) && e.phase().isFinal()).toList();
    }

    private void polls(int n) {
        for (int i = 0; i < n; i++) {
            executor.poll();
        }
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
        executor.poll();
        assertEquals(0, slurm.submissions);
        assertEquals("77", store.executorJobId("j2").orElseThrow());
    }

    @Test
    void crashBeforeSubmissionSubmitsOnce() {
        JobCommand.RunJob cmd = run("j3", "selftest", 60);
        store.prepare(cmd, "#!/bin/bash\n");
        store.markSubmitting("j3");
        executor.reconcile();
        executor.poll();
        assertEquals(1, slurm.submissions);
        executor.poll();
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
            ranTo(j.uwsJobId(), 0, j.slurmJobId());
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
        ranTo("r1", 3, "101");
        ranTo("r2", 0, "102");
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

    // --- identity: a SLURM job id alone does not name a job ---

    @Test
    void idGivenToAnotherJobAfterAControllerCrashIsNotReportedAsOurs() throws Exception {
        executor.run(run("x1", "selftest", 600));
        // slurmctld killed -9 before saving job 101; after its restart 101 is another job, which completes.
        slurm.loseAndReuse("101", "someone-else", "COMPLETED");
        polls(SlurmExecutor.LOST_AFTER_POLLS - 1);
        assertEquals(List.of(ExecutionPhase.QUEUED), phases("x1"), "nothing reported from job 101's new owner");
        assertEquals(1, slurm.submissions);
        executor.poll();
        assertEquals(2, slurm.submissions, "resubmitted once, after the grace polls");
        assertEquals("102", store.executorJobId("x1").orElseThrow());
        assertEquals(List.of(ExecutionPhase.QUEUED), phases("x1"));
        Files.writeString(store.dir("x1").resolve("result.txt"), "ok");
        ranTo("x1", 0, "102");
        slurm.set("102", "COMPLETED", 0, now());
        executor.poll();
        JobEvent.PhaseChanged done = finals("x1").get(0);
        assertEquals(ExecutionPhase.COMPLETED, done.phase());
        assertEquals("102", done.executorJobId());
    }

    @Test
    void jobLostTwiceEndsInErrorAndIsNotSubmittedAThirdTime() {
        executor.run(run("x2", "selftest", 600));
        slurm.jobs.clear();
        polls(SlurmExecutor.LOST_AFTER_POLLS);
        assertEquals(2, slurm.submissions);
        slurm.jobs.clear();
        polls(SlurmExecutor.LOST_AFTER_POLLS);
        assertEquals(2, slurm.submissions);
        JobEvent.PhaseChanged done = finals("x2").get(0);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertTrue(done.error().message().contains("SLURM lost job 102"), done.error().message());
        assertTrue(done.error().message().contains("had lost job 101"), done.error().message());
    }

    @Test
    void vanishedJobThatRanToItsEndIsReportedFromItsOwnExitStatus() throws Exception {
        executor.run(run("x3", "selftest", 600));
        Files.writeString(store.dir("x3").resolve("result.txt"), "ok");
        ranTo("x3", 0, "101");
        slurm.jobs.clear(); // purged, or lost by the controller after the job ended
        polls(SlurmExecutor.LOST_AFTER_POLLS);
        assertEquals(1, slurm.submissions, "it ran: not submitted again");
        assertEquals(ExecutionPhase.COMPLETED, finals("x3").get(0).phase());
    }

    @Test
    void completedInSlurmWithoutTheJobsExitStatusIsNotCompleted() throws Exception {
        executor.run(run("x4", "selftest", 600));
        Files.writeString(store.dir("x4").resolve("result.txt"), "left by someone");
        slurm.set("101", "COMPLETED", 0, now());
        polls(SlurmExecutor.LOST_AFTER_POLLS - 1);
        assertTrue(finals("x4").isEmpty(), "a short grace for a lagging shared filesystem");
        executor.poll();
        JobEvent.PhaseChanged done = finals("x4").get(0);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertTrue(done.error().message().contains("left no exit status"), done.error().message());
    }

    @Test
    void exitStatusOfTheScriptDecidesOverSlurmsExitCode() throws Exception {
        executor.run(run("x5", "selftest", 600));
        ranTo("x5", 4, "101");
        slurm.set("101", "COMPLETED", 0, now());
        executor.poll();
        JobEvent.PhaseChanged done = finals("x5").get(0);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertTrue(done.error().message().startsWith("the job failed with exit code 4"), done.error().message());
    }

    // --- submissions whose outcome is unknown ---

    @Test
    void unknownOutcomeOfAJobSlurmTookIsTrackedNotSubmittedAgain() throws Exception {
        slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_BUT_CREATED);
        executor.run(run("u1", "selftest", 600));
        assertEquals(List.of(ExecutionPhase.QUEUED), phases("u1"), "QUEUED, not ERROR");
        assertNull(events.get(0).executorJobId());
        executor.run(run("u1", "selftest", 600)); // redelivered meanwhile
        clock.advance(Duration.ofMinutes(1));
        executor.poll();
        assertEquals(1, slurm.submissions);
        assertEquals("101", store.executorJobId("u1").orElseThrow());
        Files.writeString(store.dir("u1").resolve("result.txt"), "ok");
        ranTo("u1", 0, "101");
        slurm.set("101", "COMPLETED", 0, now());
        executor.poll();
        assertEquals(List.of(ExecutionPhase.QUEUED, ExecutionPhase.EXECUTING, ExecutionPhase.COMPLETED), phases("u1"));
    }

    @Test
    void unknownOutcomeOfAJobSlurmDoesNotHaveIsRetriedWithBackoff() {
        slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_NOT_CREATED);
        slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_NOT_CREATED);
        slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_NOT_CREATED);
        Instant t0 = clock.instant();
        executor.run(run("u2", "selftest", 600));
        for (int i = 0; i < 40; i++) { // 20 s of polls every 500 ms
            executor.poll();
            clock.advance(Duration.ofMillis(500));
        }
        assertEquals(4, slurm.submissions, "three unknown outcomes, then accepted");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < slurm.submittedAt.size(); i++) {
            gaps.add(Duration.between(slurm.submittedAt.get(i - 1), slurm.submittedAt.get(i)).toMillis());
        }
        assertEquals(List.of(1000L, 2000L, 4000L), gaps, "1 s, 2 s, 4 s: doubling from the poll interval");
        assertEquals(t0, slurm.submittedAt.get(0));
        assertEquals("104", store.executorJobId("u2").orElseThrow());
        assertEquals(List.of(ExecutionPhase.QUEUED), phases("u2"));
    }

    @Test
    void noSubmissionAgainWhileSlurmCannotBeListed() {
        slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_NOT_CREATED);
        executor.run(run("u3", "selftest", 600));
        FakeSlurm down = slurm;
        clock.advance(Duration.ofSeconds(30));
        SlurmExecutor failing = new SlurmExecutor(new SlurmClient() {
            @Override
            public String submit(Submission s) {
                return down.submit(s);
            }

            @Override
            public List<SlurmJob> jobs() {
                throw new SlurmException("slurmctld restarting", true, null);
            }

            @Override
            public void cancel(String id) {
            }

            @Override
            public String describe() {
                return "down";
            }
        }, store, new JobPreparer(new ClasspathJobCatalog(), n -> new double[]{1, 2}), events::add, Map.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(8), SlurmExecutor.DEFAULT_SUBMIT_TIMEOUT, clock);
        failing.reconcile();
        for (int i = 0; i < 5; i++) {
            try {
                failing.poll();
            } catch (SlurmClient.SlurmException expected) {
                // the poller backs off
            }
        }
        assertEquals(1, slurm.submissions, "never submitted again without a listing that shows no such job");
    }

    @Test
    void unknownOutcomeUntilTheExecutionDurationRunsOutEndsInError() {
        for (int i = 0; i < 20; i++) {
            slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_NOT_CREATED);
        }
        executor.run(run("u4", "selftest", 20));
        for (int i = 0; i < 25; i++) {
            executor.poll();
            clock.advance(Duration.ofSeconds(1));
        }
        JobEvent.PhaseChanged done = finals("u4").get(0);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertEquals("transient", done.error().type());
        assertTrue(done.error().message().contains("Unable to contact slurm controller"), done.error().message());
        int attempts = slurm.submissions;
        polls(3);
        assertEquals(attempts, slurm.submissions);
    }

    @Test
    void definiteRefusalEndsInErrorAtOnce() {
        slurm.next.add(FakeSlurm.Behaviour.REFUSED);
        executor.run(run("u5", "selftest", 600));
        JobEvent.PhaseChanged done = finals("u5").get(0);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertEquals("fatal", done.error().type());
        assertTrue(done.error().message().contains("Invalid partition"), done.error().message());
        assertEquals(0, executor.watchedCount());
    }

    @Test
    void answerThatArrivesAfterARetryLeavesOneJobRunning() {
        slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_CREATED_HIDDEN);
        executor.run(run("u6", "selftest", 600));
        clock.advance(Duration.ofSeconds(2));
        executor.poll(); // not listed: submitted again, as 102
        assertEquals("102", store.executorJobId("u6").orElseThrow());
        slurm.show(); // 101 turns up after all
        executor.poll();
        assertEquals(List.of("101"), slurm.cancelled);
        executor.poll();
        assertEquals(List.of("101"), slurm.cancelled, "cancelled once");
        assertEquals("102", store.executorJobId("u6").orElseThrow());
    }

    @Test
    void abortWhileTheSubmissionIsUnknownEndsAbortedWithoutSubmitting() {
        slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_NOT_CREATED);
        executor.run(run("u7", "selftest", 600));
        executor.abort("u7");
        clock.advance(Duration.ofSeconds(10));
        executor.poll();
        assertEquals(1, slurm.submissions);
        assertEquals(List.of(ExecutionPhase.QUEUED, ExecutionPhase.ABORTED), phases("u7"));
    }

    @Test
    void abortedWhileUnknownButSlurmHadItIsCancelled() {
        slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_BUT_CREATED);
        executor.run(run("u8", "selftest", 600));
        executor.abort("u8");
        executor.poll();
        assertEquals(List.of("101"), slurm.cancelled);
        executor.poll();
        assertEquals(ExecutionPhase.ABORTED, finals("u8").get(0).phase());
    }

    @Test
    void restartAfterAnUnknownOutcomeKeepsTheFirstAttemptsDeadline() {
        slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_NOT_CREATED);
        executor.run(run("u9", "selftest", 30));
        clock.advance(Duration.ofSeconds(31)); // the bridge was down meanwhile
        SlurmExecutor restarted = newExecutor();
        restarted.reconcile();
        restarted.poll();
        assertEquals(1, slurm.submissions);
        assertFalse(finals("u9").isEmpty());
        assertEquals(ExecutionPhase.ERROR, finals("u9").get(0).phase());
    }

    // --- the resolver away: transient, the job waits (finding 4) ---

    @Test
    void resolverAwayKeepsTheJobQueuedAndPreparesItAgainWithBackoff() {
        resolver.away = 3;
        executor.run(cutout("t1", "Crab", 600));
        assertEquals(List.of(ExecutionPhase.QUEUED), phases("t1"), "QUEUED, not ERROR");
        assertEquals(0, slurm.submissions);
        assertTrue(store.preparingSince("t1").isPresent());
        List<Instant> asked = new ArrayList<>();
        for (int i = 0; i < 40 && slurm.submissions == 0; i++) { // polls every 500 ms
            int before = resolver.calls;
            executor.poll();
            if (resolver.calls > before) {
                asked.add(clock.instant());
            }
            clock.advance(Duration.ofMillis(500));
        }
        assertEquals(4, resolver.calls, "away three times, then it answered");
        assertEquals(1, slurm.submissions);
        assertEquals(List.of(2000L, 4000L), List.of(Duration.between(asked.get(0), asked.get(1)).toMillis(),
                Duration.between(asked.get(1), asked.get(2)).toMillis()), "backoff doubles");
        assertTrue(store.batchScript("t1").contains("--ra '83.630000'"), store.batchScript("t1"));
        assertTrue(store.preparingSince("t1").isEmpty());
        assertEquals(List.of(ExecutionPhase.QUEUED), phases("t1"));
    }

    @Test
    void resolverAwayForTheWholeExecutionDurationEndsInError() {
        resolver.away = Integer.MAX_VALUE;
        executor.run(cutout("t2", "Crab", 20));
        for (int i = 0; i < 30; i++) {
            executor.poll();
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(0, slurm.submissions);
        JobEvent.PhaseChanged done = finals("t2").get(0);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertEquals("transient", done.error().type());
        assertTrue(done.error().message().startsWith("cannot resolve target 'Crab' yet: the resolver at "
                + "http://resolver is unreachable"), done.error().message());
        assertTrue(done.error().message().contains("execution duration ran out"), done.error().message());
        int calls = resolver.calls;
        polls(3);
        assertEquals(calls, resolver.calls, "ended: not asked again");
    }

    @Test
    void nameUnknownToTheResolverEndsInErrorAtOnce() {
        executor.run(cutout("t3", "Nowhere", 600));
        JobEvent.PhaseChanged done = finals("t3").get(0);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertEquals("fatal", done.error().type());
        assertEquals("cannot resolve target 'Nowhere': unknown to the resolver", done.error().message());
        assertEquals(0, slurm.submissions);
        assertEquals(0, executor.watchedCount());
    }

    @Test
    void restartedBridgePreparesAgainAJobThatWaitedForTheResolver() {
        resolver.away = 1;
        executor.run(cutout("t4", "Crab", 600));
        SlurmExecutor restarted = newExecutor();
        restarted.reconcile();
        assertEquals(1, restarted.watchedCount());
        restarted.poll();
        assertEquals(1, slurm.submissions);
        assertEquals("101", store.executorJobId("t4").orElseThrow());
        newExecutor().run(cutout("t4", "Crab", 600)); // the command redelivered: not submitted again
        assertEquals(1, slurm.submissions);
    }

    @Test
    void restartedBridgeKeepsTheDeadlineOfAJobWaitingForTheResolver() {
        resolver.away = Integer.MAX_VALUE;
        executor.run(cutout("t5", "Crab", 30));
        clock.advance(Duration.ofSeconds(31)); // the bridge was down meanwhile
        SlurmExecutor restarted = newExecutor();
        restarted.reconcile();
        restarted.poll();
        assertEquals(ExecutionPhase.ERROR, finals("t5").get(0).phase());
    }

    @Test
    void abortWhileWaitingForTheResolverEndsAbortedWithoutSubmitting() {
        resolver.away = Integer.MAX_VALUE;
        executor.run(cutout("t6", "Crab", 600));
        executor.abort("t6");
        executor.poll();
        assertEquals(List.of(ExecutionPhase.QUEUED, ExecutionPhase.ABORTED), phases("t6"));
        assertEquals(0, slurm.submissions);
    }

    // --- a lost job that had started is not run again (finding 6) ---

    @Test
    void vanishedJobThatStartedIsNotRunAgainAndLeavesNoResults() throws Exception {
        executor.run(run("s1", "selftest", 600));
        started("s1", "101");
        Files.writeString(store.dir("s1").resolve("result.txt"), "half");
        // slurmctld killed -9 and restarted: job 101 forgotten, its id given to another job
        slurm.loseAndReuse("101", "someone-else", "RUNNING");
        polls(SlurmExecutor.LOST_AFTER_POLLS);
        assertEquals(1, slurm.submissions, "started once: never submitted again");
        JobEvent.PhaseChanged done = finals("s1").get(0);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertTrue(done.error().message().startsWith(SlurmExecutor.LOST_AFTER_START), done.error().message());
        assertTrue(done.results().isEmpty());
        assertEquals(List.of(), visibleFiles("s1"), "partial outputs moved out of the results");
        assertEquals("half", Files.readString(store.dir("s1").resolve(".job/lost-attempt-1/result.txt")));
    }

    @Test
    void vanishedJobThatNeverStartedIsSubmittedOnceMore() {
        executor.run(run("s2", "selftest", 600));
        slurm.jobs.clear();
        polls(SlurmExecutor.LOST_AFTER_POLLS);
        assertEquals(2, slurm.submissions);
        assertTrue(finals("s2").isEmpty());
    }

    @Test
    void unknownSubmissionOfAJobThatRanIsNotSubmittedAgain() throws Exception {
        slurm.next.add(FakeSlurm.Behaviour.UNKNOWN_NOT_CREATED);
        executor.run(run("s3", "selftest", 600));
        started("s3", "77"); // it ran after all, and SLURM lost it
        clock.advance(Duration.ofSeconds(5));
        executor.poll();
        assertEquals(1, slurm.submissions);
        assertEquals(ExecutionPhase.ERROR, finals("s3").get(0).phase());
    }

    @Test
    void jobStartedAgainBySlurmAfterItWasCutOffIsNotRunTwice() throws Exception {
        executor.run(run("s4", "selftest", 600));
        slurm.set("101", "RUNNING", -1, now());
        executor.poll();
        started("s4", "101");
        Files.writeString(store.dir("s4").resolve("result.txt"), "half");
        // slurmctld killed -9 and recovered 101 as pending: it killed the run and launched 101 again, which the
        // batch script refused (BatchScriptRenderer.REFUSED_STARTS)
        Files.writeString(store.dir("s4").resolve(BatchScriptRenderer.REFUSED_STARTS), "101 2026-11-29T23:18:35Z\n");
        slurm.set("101", "FAILED", BatchScriptRenderer.REFUSED_STATUS, now());
        executor.poll();
        JobEvent.PhaseChanged done = finals("s4").get(0);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertTrue(done.error().message().startsWith(SlurmExecutor.LOST_AFTER_START), done.error().message());
        assertEquals(List.of(), visibleFiles("s4"), "partial outputs moved out of the results");
        assertEquals(1, slurm.submissions);
    }

    // --- a job held after a failed launch (finding 2) ---

    @Test
    void jobHeldAfterAFailedLaunchThatNeverStartedIsCancelledAndSubmittedOnce() throws Exception {
        executor.run(run("h1", "selftest", 600));
        slurm.holdAfterFailedLaunch("101");
        executor.poll();
        assertEquals(List.of("101"), slurm.cancelled);
        assertEquals(2, slurm.submissions);
        assertEquals("102", store.executorJobId("h1").orElseThrow());
        polls(3);
        assertEquals(2, slurm.submissions);
        assertEquals(List.of(ExecutionPhase.QUEUED), phases("h1"), "the cancelled job is not taken for ours");
        Files.writeString(store.dir("h1").resolve("result.txt"), "ok");
        ranTo("h1", 0, "102");
        slurm.set("102", "COMPLETED", 0, now());
        executor.poll();
        assertEquals(List.of(ExecutionPhase.QUEUED, ExecutionPhase.EXECUTING, ExecutionPhase.COMPLETED), phases("h1"));
    }

    @Test
    void jobHeldAfterItRanToItsEndIsReportedFromItsExitStatus() throws Exception {
        executor.run(run("h2", "selftest", 600));
        started("h2", "101");
        Files.writeString(store.dir("h2").resolve("result.txt"), "ok");
        ranTo("h2", 0, "101");
        slurm.holdAfterFailedLaunch("101"); // recovered as pending, launched again, refused: "Duplicate jobid"
        executor.poll();
        assertEquals(List.of("101"), slurm.cancelled);
        assertEquals(1, slurm.submissions);
        JobEvent.PhaseChanged done = finals("h2").get(0);
        assertEquals(ExecutionPhase.COMPLETED, done.phase());
        assertEquals(List.of("result.txt", "manifest"), done.results().stream().map(JobEvent.JobResult::id).toList());
    }

    @Test
    void jobHeldAfterItStartedButDidNotEndIsNotRunAgain() throws Exception {
        executor.run(run("h3", "selftest", 600));
        started("h3", "101");
        Files.writeString(store.dir("h3").resolve("partial.txt"), "half");
        slurm.holdAfterFailedLaunch("101");
        executor.poll();
        assertEquals(List.of("101"), slurm.cancelled);
        assertEquals(1, slurm.submissions);
        JobEvent.PhaseChanged done = finals("h3").get(0);
        assertEquals(ExecutionPhase.ERROR, done.phase());
        assertTrue(done.error().message().startsWith(SlurmExecutor.LOST_AFTER_START), done.error().message());
        assertEquals(List.of(), visibleFiles("h3"));
    }

    @Test
    void heldAfterRequeueAsSlurmrestdAndScontrolSayIt() {
        // slurmrestd v0.0.38 and scontrol -o, SLURM 22.05, after "Duplicate jobid on nodes vm, set to state DRAIN"
        assertTrue(new SlurmJob("19", "uws-x", null, "PENDING", -1, 0, 1, 0, "launch failed requeued held")
                .heldAfterRequeue());
        assertTrue(new SlurmJob("19", "uws-x", null, "PENDING", -1, 0, 1, 0, "launch_failed_requeued_held")
                .heldAfterRequeue());
        assertFalse(new SlurmJob("19", "uws-x", null, "PENDING", -1, 0, 1, 0, "JobHeldAdmin").heldAfterRequeue(),
                "an operator's hold is the operator's business");
        assertFalse(new SlurmJob("19", "uws-x", null, "PENDING", -1, 0, 1, 0, "Resources").heldAfterRequeue());
    }

    @Test
    void timeLimitIsWholeMinutesWithMargin() {
        assertEquals(0, SlurmExecutor.timeLimitMinutes(0));
        assertEquals(2, SlurmExecutor.timeLimitMinutes(3));
        assertEquals(31, SlurmExecutor.timeLimitMinutes(1800));
    }
}
