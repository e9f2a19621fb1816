package org.gammavo.bridge.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Science check (the one slow test, about a minute, run by failsafe in {@code mvn verify}): the spectrum job on the
 * four H.E.S.S. DR1 Crab runs equals gammapy run by hand with the same settings, index and amplitude to 1e-3.
 */
class AnalysisScienceIT {

    @Test
    void crabSpectrumEqualsGammapyByHand() throws Exception {
        PythonRunner.assumeGammapy();
        assumeTrue(!TestDirs.sharedData().isEmpty(), "no shared DL3 data");
        PythonRunner.Result r = PythonRunner.run(List.of("src/test/python/science_crab.py"), 900);
        System.out.println("science check: " + r.output().lines().reduce((a, b) -> b).orElse(""));
        assertEquals(0, r.exitCode(), r.output());
    }
}
