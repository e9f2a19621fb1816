package org.gammavo.bridge.adapters;

import org.gammavo.bridge.domain.JobPreparer;
import org.gammavo.bridge.domain.TargetResolver;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local executor while the resolver is away: the job waits, as with SLURM (docs/chaos.md, finding 4). */
class LocalProcessExecutorTest {

    @TempDir
    Path results;
    final List<JobEvent.PhaseChanged> events = new CopyOnWriteArrayList<>();
    LocalProcessExecutor executor;

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.stop();
        }
    }

    @Test
    void aJobWaitsWhileTheResolverIsAwayThenRuns() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TargetResolver resolver = name -> {
            if (calls.incrementAndGet() == 1) {
                throw new TargetResolver.ResolverUnavailableException("cannot resolve target '" + name
                        + "' yet: the resolver at http://resolver is unreachable", null);
            }
            return new double[]{83.63, 22.01};
        };
        FileJobStore store = new FileJobStore(results, "");
        executor = new LocalProcessExecutor(store, new JobPreparer(new ClasspathJobCatalog(), resolver), events::add,
                Map.of("PATH", "/usr/bin:/bin"), 1);
        executor.run(new JobCommand.RunJob("c1", "l1", "cutout", "slurm", Instant.now(), "me", null, "cutout",
                Map.of("target", "Crab"), 600));
        assertEquals(List.of(ExecutionPhase.QUEUED), phases(), "QUEUED, not ERROR");
        long end = System.nanoTime() + 20_000_000_000L;
        while (!phases().contains(ExecutionPhase.EXECUTING) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        executor.abort("l1");
        assertEquals(2, calls.get(), "asked again after its backoff");
        assertEquals(ExecutionPhase.EXECUTING, phases().get(1));
        assertTrue(store.batchScript("l1").contains("--ra '83.630000'"));
        assertTrue(store.preparingSince("l1").isEmpty());
    }

    private List<ExecutionPhase> phases() {
        return events.stream().map(JobEvent.PhaseChanged::phase).toList();
    }
}
