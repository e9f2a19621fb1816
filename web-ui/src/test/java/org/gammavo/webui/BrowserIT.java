package org.gammavo.webui;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web UI as a person uses it, in Debian's headless Chromium driven by playwright-core (scripts in web-ui/e2e):
 * each scenario is a node script that prints one "ok n - step" line per step and exits non-zero on the first failure.
 * Screenshots go to target/e2e-screenshots.
 */
@ExtendWith(SharedStack.class)
class BrowserIT {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path SHOTS = MODULE.resolve("target/e2e-screenshots");

    /** Screenshots of an earlier run (e.g. a failed step since fixed) would mislead whoever reads the artefacts. */
    @BeforeAll
    static void freshScreenshots() throws Exception {
        if (Files.isDirectory(SHOTS)) {
            try (Stream<Path> old = Files.list(SHOTS)) {
                for (Path p : old.filter(f -> f.toString().endsWith(".png")).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void searchTablePlotsSelectionAndDataLinks() throws Exception {
        List<String> out = scenario("search.mjs");
        assertTrue(out.stream().anyMatch(l -> l.contains("steps passed")), String.join("\n", out));
    }

    /** Resolve Crab → search → select the four H.E.S.S. runs → spectrum → COMPLETED → its PNG shown. */
    @Test
    void spectrumOfTheFourCrabRunsRunsToItsPlot() throws Exception {
        // The analysis job lists come from uws-service's job descriptions; without them this scenario cannot start.
        int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(SharedStack.get().base() + "/uws/spectrum/description"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:alice".getBytes()))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        assumeTrue(status == 200, "skipped: the job list /uws/spectrum is not available yet (HTTP " + status + ")");
        List<String> out = scenario("analysis.mjs");
        assertTrue(out.stream().anyMatch(l -> l.contains("steps passed")), String.join("\n", out));
    }

    /** Sign-in through the stack's Keycloak (code + PKCE), name shown, silent re-sign-in, sign-out, a second user. */
    @Test
    void signInThroughTheRealIssuerAndOut() throws Exception {
        List<String> out = scenario("signin.mjs");
        assertTrue(out.stream().anyMatch(l -> l.contains("steps passed")), String.join("\n", out));
    }

    /**
     * Issue #19's "done when": query history (anonymous and alice's, rerun with row counts compared), a basket from two
     * searches (reload, plots, VOTable/CSV), SAMP to a client of a real astropy hub (none running: the button says so),
     * an analysis from the basket, sign-out; bob sees nothing of alice's history, jobs or basket.
     */
    @Test
    void workbenchHistoryBasketSampAndASecondUser() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "Debian's python3 with python3-astropy runs the SAMP hub");
        List<String> out = scenario("workbench.mjs");
        assertTrue(out.stream().anyMatch(l -> l.contains("steps passed")), String.join("\n", out));
    }

    /** Runs one e2e script against the shared stack, streaming its output; asserts exit code 0. */
    static List<String> scenario(String script) throws Exception {
        assertTrue(Files.isExecutable(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"))),
                "Debian's chromium is needed (apt-get install chromium)");
        Files.createDirectories(SHOTS);
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/" + script, SharedStack.get().base(), SHOTS.toString())
                .directory(MODULE.toFile()).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", MODULE.resolve("node_modules").toString());
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println("[" + script + "] " + line);
                lines.add(line);
            }
        }
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), script + " failed:\n" + String.join("\n", lines)
                + "\nscreenshots in " + SHOTS + File.separator);
        return lines;
    }
}
