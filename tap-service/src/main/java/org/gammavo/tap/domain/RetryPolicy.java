package org.gammavo.tap.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * When to run a query again after its database connection was lost (the server crashed, restarted or is still
 * recovering): never for a failure of the query itself, and for a lost connection only within a time budget.
 *
 * <p>An async job may wait for the database for as long as its execution duration allows (UWS 1.1 §2.2.3.3), with
 * a doubling pause (0.5 s, 1 s, 2 s … at most 10 s) so that a restarting server is not flooded. A sync query has a
 * client waiting on the open request: it gets one more attempt at once, and only before any byte was sent.
 */
public final class RetryPolicy {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private final int maxRetries;
    private final Duration budget;
    private final boolean backoff;

    private RetryPolicy(int maxRetries, Duration budget, boolean backoff) {
        this.maxRetries = maxRetries;
        this.budget = budget;
        this.backoff = backoff;
    }

    /** One more attempt, at once: a sync query whose connection was dead when it was taken from the pool. */
    public static RetryPolicy once() {
        return new RetryPolicy(1, Duration.ZERO, false);
    }

    /**
     * Attempts with growing pauses until {@code budget} has passed since the first one began: an async job, whose
     * budget is its execution duration (or the service's limit when the job has none).
     */
    public static RetryPolicy within(Duration budget) {
        return new RetryPolicy(Integer.MAX_VALUE, budget, true);
    }

    /**
     * The pause before the next attempt, or empty when there is none.
     *
     * @param failedAttempts attempts made so far, all failed for a lost connection (1 after the first)
     * @param elapsed        time since the first attempt began
     */
    public Optional<Duration> pauseAfter(int failedAttempts, Duration elapsed) {
        if (failedAttempts > maxRetries) return Optional.empty();
        if (!backoff) return Optional.of(Duration.ZERO);
        long shift = Math.min(failedAttempts - 1, 5);
        Duration pause = FIRST_PAUSE.multipliedBy(1L << shift);
        if (pause.compareTo(LONGEST_PAUSE) > 0) pause = LONGEST_PAUSE;
        // the next attempt must still start inside the budget
        if (elapsed.plus(pause).compareTo(budget) >= 0) return Optional.empty();
        return Optional.of(pause);
    }
}
