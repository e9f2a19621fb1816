package org.gammavo.uws.adapters;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Wakes the requests blocked in a UWS WAIT (§2.2.3.2) when their job changes, in-process: the job store calls
 * {@link #changed} after the commit of every job change, so waiters never poll the database.
 *
 * <p>A waiter registers <em>before</em> it reads the job from the database and then waits on the returned future;
 * a change committed between the registration and the read completes the future, so no wake-up is lost.
 */
@ApplicationScoped
public class PhaseNotifier {

    private final ConcurrentMap<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /** A future completed at the next committed change of {@code jobId}; shared by all its waiters. */
    public CompletableFuture<Void> nextChange(String jobId) {
        return waiting.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    /** Called after a change of {@code jobId} has been committed. */
    public void changed(String jobId) {
        CompletableFuture<Void> f = waiting.remove(jobId);
        if (f != null) {
            f.complete(null);
        }
    }
}
