package org.gammavo.bridge.domain;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchScriptRendererTest {

    @Test
    void rendersTemplateWithQuotedArguments() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("target", "Crab Nebula");
        p.put("ra", "83.6");
        String script = BatchScriptRenderer.render("spectrum", "job-1",
                "#!/bin/bash\nexec python3 a.py spectrum @ARGS@\n", p);
        assertTrue(script.startsWith("#!/bin/bash\n# UWS job job-1 (spectrum)"));
        assertTrue(script.contains("set -euo pipefail\ncd \"$GAMMAVO_JOB_DIR\"\n"));
        assertTrue(script.contains("\nexec python3 a.py spectrum --target 'Crab Nebula' --ra '83.6'\n"), script);
    }

    /** The script records how the template ended, even one that ends with exec or exit, and keeps its status. */
    @Test
    void scriptWritesItsExitStatus(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve(".job"));
        for (var c : Map.of("exec /bin/true\n", 0, "exec /bin/sh -c 'exit 5'\n", 5, "false\necho never\n", 1,
                "exit 3", 3, "echo ok > out.txt\n", 0).entrySet()) {
            String script = BatchScriptRenderer.render("k", "j", "#!/bin/bash\n" + c.getKey(), Map.of());
            Files.writeString(dir.resolve(".job/job.sh"), script);
            ProcessBuilder pb = new ProcessBuilder("/bin/bash", dir.resolve(".job/job.sh").toString()).inheritIO();
            pb.environment().put("GAMMAVO_JOB_DIR", dir.toString());
            pb.environment().put("SLURM_JOB_ID", "65");
            assertEquals(c.getValue(), pb.start().waitFor(), c.getKey());
            assertEquals(c.getValue() + " 65\n", Files.readString(dir.resolve(BatchScriptRenderer.EXIT_STATUS)),
                    c.getKey());
            Files.delete(dir.resolve(BatchScriptRenderer.EXIT_STATUS)); // the next case is another job
            Files.delete(dir.resolve(BatchScriptRenderer.RUNS));
        }
    }

    /**
     * A finished job started again (slurmctld killed -9 right after the job's end recovers it as pending and runs it
     * once more, docs/chaos.md finding 1) does not run its template a second time and ends with its first status.
     */
    @Test
    void aFinishedJobStartedAgainDoesNotRunTwice(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve(".job"));
        String script = BatchScriptRenderer.render("k", "j", "#!/bin/bash\necho ran >> ran.txt\nexit 4\n", Map.of());
        Files.writeString(dir.resolve(".job/job.sh"), script);
        for (int start = 0; start < 2; start++) {
            ProcessBuilder pb = new ProcessBuilder("/bin/bash", dir.resolve(".job/job.sh").toString()).inheritIO();
            pb.environment().put("GAMMAVO_JOB_DIR", dir.toString());
            pb.environment().put("SLURM_JOB_ID", "34");
            assertEquals(4, pb.start().waitFor(), "start " + start);
        }
        assertEquals("ran\n", Files.readString(dir.resolve("ran.txt")), "the template ran once");
        assertEquals("4 34\n", Files.readString(dir.resolve(BatchScriptRenderer.EXIT_STATUS)));
    }

    /**
     * A job cut off while it ran and started again by SLURM (slurmctld killed -9 after the start but before saving
     * it recovers the job as pending, kills the run slurmd reports and launches it again) does not run a second time;
     * the local executor, which runs again on purpose what its own restart cut off, still can.
     */
    @Test
    void aJobCutOffAndStartedAgainBySlurmDoesNotRunTwice(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve(".job"));
        Files.writeString(dir.resolve(BatchScriptRenderer.RUNS), "4 2026-11-29T23:18:30Z\n"); // the cut-off run
        String script = BatchScriptRenderer.render("k", "j", "#!/bin/bash\necho ran >> ran.txt\n", Map.of());
        Files.writeString(dir.resolve(".job/job.sh"), script);
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", dir.resolve(".job/job.sh").toString()).inheritIO();
        pb.environment().put("GAMMAVO_JOB_DIR", dir.toString());
        pb.environment().put("SLURM_JOB_ID", "4");
        assertEquals(BatchScriptRenderer.REFUSED_STATUS, pb.start().waitFor());
        assertFalse(Files.exists(dir.resolve("ran.txt")), "the template did not run again");
        assertFalse(Files.exists(dir.resolve(BatchScriptRenderer.EXIT_STATUS)), "no exit status: it did not finish");
        assertEquals(1, Files.readAllLines(dir.resolve(BatchScriptRenderer.RUNS)).size());
        assertEquals(1, Files.readAllLines(dir.resolve(BatchScriptRenderer.REFUSED_STARTS)).size());
        pb.environment().remove("SLURM_JOB_ID"); // the local executor
        assertEquals(0, pb.start().waitFor());
        assertEquals("ran\n", Files.readString(dir.resolve("ran.txt")));
    }

    /** The shell itself says the quoted word is the value, byte for byte, whatever it holds. */
    @Test
    void quotingSurvivesTheShell() throws Exception {
        String nasty = "it's $(touch /tmp/pwned) `id` \"; rm -rf / ; echo '";
        Process p = new ProcessBuilder("/bin/bash", "-c", "printf %s " + BatchScriptRenderer.quote(nasty)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(nasty, out);
    }
}
