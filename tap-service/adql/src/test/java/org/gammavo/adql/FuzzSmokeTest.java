package org.gammavo.adql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A short run of the fuzzer (the full 10^6 run is the Fuzzer main, see README). */
class FuzzSmokeTest {
    @Test
    void twentyThousandMutationsOnlyRaiseAdqlException() {
        assertEquals(0, org.gammavo.adql.tools.FuzzAccess.run(20_000, 7));
    }
}
