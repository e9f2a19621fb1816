package org.gammavo.bridge.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The analysis jobs' own (fast) Python tests, run by Maven: src/test/python/test_*.py. */
class AnalysisScriptsTest {

    @Test
    void pythonUnitTestsPass() throws Exception {
        PythonRunner.assumeGammapy();
        PythonRunner.Result r = PythonRunner.run(List.of("-m", "unittest", "discover", "-s", "src/test/python",
                "-p", "test_*.py", "-v"), 600);
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), r.output());
    }
}
