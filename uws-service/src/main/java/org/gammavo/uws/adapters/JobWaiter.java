package org.gammavo.uws.adapters;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.gammavo.jobs.contract.ExecutionPhase;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * UWS 1.1 §2.2.3.2 blocking: completes when a job leaves a phase or a time has passed, without holding a thread
 * while it waits. Woken by {@link PhaseNotifier}; every wake-up re-reads the phase from the database, because a
 * notification only says "something changed" (maybe just the destruction time).
 */
@ApplicationScoped
public class JobWaiter {

    @Inject
    PhaseNotifier notifier;

    @Inject
    JobRepository store;

    /** Completes once {@code jobId} is no longer in phase {@code from} (or is gone), or at {@code until}. */
    public CompletableFuture<Void> awaitPhaseChange(String jobId, ExecutionPhase from, Instant until) {
        // Register before reading, so that a change committed in between still wakes us.
        CompletableFuture<Void> next = notifier.nextChange(jobId).copy();
        ExecutionPhase now = store.phaseOf(jobId);
        long ms = Duration.between(Instant.now(), until).toMillis();
        if (now != from || ms <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        return next.completeOnTimeout(null, ms, TimeUnit.MILLISECONDS)
                .thenComposeAsync(x -> awaitPhaseChange(jobId, from, until), Infrastructure.getDefaultWorkerPool());
    }
}
