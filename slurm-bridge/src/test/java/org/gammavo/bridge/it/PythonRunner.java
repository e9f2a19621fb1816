package org.gammavo.bridge.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the analysis code's Python tests with Debian's /usr/bin/python3 (the one with gammapy 1.0). */
final class PythonRunner {

    static final String PYTHON = System.getenv().getOrDefault("GAMMAVO_ANALYSIS_PYTHON", "/usr/bin/python3");

    private PythonRunner() {
    }

    static void assumeGammapy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " not found");
        Process p = new ProcessBuilder(PYTHON, "-c", "import gammapy, regions, matplotlib").start();
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
                "gammapy missing: apt-get install -y python3-gammapy");
    }

    /** Runs python with the arguments in the module directory; returns exit code and output. */
    static Result run(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON);
        pb.command().addAll(args);
        pb.redirectErrorStream(true);
        pb.environment().putIfAbsent("GAMMAVO_SHARED_DATA", TestDirs.sharedData());
        Path mpl = Files.createTempDirectory("mpl");
        pb.environment().put("MPLCONFIGDIR", mpl.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String output) {
    }
}
