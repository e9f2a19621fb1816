package org.gammavo.adql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A short run of the fuzzer (the full 10^6 run is the Fuzzer main, see README). */
class FuzzSmokeTest {
    @Test
    void twentyThousandMutationsOnlyRaiseAdqlException() {
        assertEquals(0, org.gammavo.adql.tools.FuzzAccess.run(20_000, 7));
    }

    /** Found by the 10^6 fuzz run: a NUL inside a quoted name escaped as IllegalArgumentException. */
    @Test
    void nulCharactersAreRejected() {
        AdqlEngine e = new AdqlEngine();
        AdqlException x = org.junit.jupiter.api.Assertions.assertThrows(AdqlException.class,
                () -> e.parse("SELECT a AS \"x\0y\"\nFROM t", AdqlVersion.V2_1));
        assertEquals("the query contains a NUL character", x.getMessage());
        assertEquals(1, x.line());
        assertEquals(15, x.column());
    }
}
