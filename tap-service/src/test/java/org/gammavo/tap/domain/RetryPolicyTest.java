package org.gammavo.tap.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The retry rules of a query whose database connection was lost (issue #15, finding 3). */
class RetryPolicyTest {

    @Test
    void aSyncQueryGetsOneMoreAttemptAtOnce() {
        RetryPolicy once = RetryPolicy.once();
        assertEquals(Optional.of(Duration.ZERO), once.pauseAfter(1, Duration.ofSeconds(3)));
        assertEquals(Optional.empty(), once.pauseAfter(2, Duration.ofSeconds(3)));
    }

    @Test
    void anAsyncJobBacksOffWithinItsExecutionDuration() {
        RetryPolicy p = RetryPolicy.within(Duration.ofSeconds(60));
        assertEquals(Optional.of(Duration.ofMillis(500)), p.pauseAfter(1, Duration.ZERO));
        assertEquals(Optional.of(Duration.ofSeconds(1)), p.pauseAfter(2, Duration.ofSeconds(1)));
        assertEquals(Optional.of(Duration.ofSeconds(8)), p.pauseAfter(5, Duration.ofSeconds(10)));
        assertEquals(Optional.of(Duration.ofSeconds(10)), p.pauseAfter(9, Duration.ofSeconds(30)), "at most 10 s");
        // the next attempt would begin after the execution duration: the job ends instead
        assertEquals(Optional.empty(), p.pauseAfter(9, Duration.ofSeconds(55)));
    }
}
