package org.gammavo.uws;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * pyvo's own async TAP client (submit_job, run, wait, fetch_result, delete) against the {@code async} job list,
 * without credentials, with this test playing tap-service over Kafka. Skipped where pyvo is not installed
 * (Debian: {@code apt-get install python3-pyvo}).
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class PyvoCompatibilityTest {

    static final String PYTHON = System.getenv().getOrDefault("GAMMAVO_PYTHON", "/usr/bin/python3");

    static final String VOTABLE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
             <RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
              <TABLE><FIELD name="obs_id" datatype="char" arraysize="*"/>
               <DATA><TABLEDATA><TR><TD>23523</TD></TR><TR><TD>23526</TD></TR></TABLEDATA></DATA>
              </TABLE>
             </RESOURCE>
            </VOTABLE>
            """;

    static boolean pyvoAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import pyvo").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void pyvoRunsAnAsyncQueryAnonymously() throws Exception {
        assumeTrue(pyvoAvailable(), "pyvo not installed for " + PYTHON);
        Path results = Path.of(ConfigProvider.getConfig().getValue("gammavo.uws.results-dir", String.class));
        try (ExecutorPlayer tap = new ExecutorPlayer(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            tap.onCommand(c -> {
                if (c instanceof JobCommand.RunJob run && run.jobList().equals("async")) {
                    try {
                        Path dir = Files.createDirectories(results.resolve(run.jobId()));
                        byte[] body = VOTABLE.getBytes(StandardCharsets.UTF_8);
                        Files.write(dir.resolve("result.xml"), body);
                        tap.report(run.jobId(), "async", ExecutionPhase.EXECUTING, List.of(), null);
                        tap.report(run.jobId(), "async", ExecutionPhase.COMPLETED, List.of(new JobEvent.JobResult(
                                "result", "result.xml", "application/x-votable+xml", body.length, "0")), null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            Path script = Path.of("src/test/python/pyvo_async.py");
            Process p = new ProcessBuilder(PYTHON, script.toString(), "http://127.0.0.1:" + RestAssured.port + "/uws")
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pyvo did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("rows 2") && out.contains("OK"), out);
        }
    }
}
