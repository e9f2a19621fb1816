package org.gammavo.webui;

import org.gammavo.stack.LocalStack;
import org.gammavo.stack.StackConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the stack (what Ctrl-C and {@code ./platform down} do) leaves no process behind. */
class StackShutdownIT {

    @Test
    void stopEndsEveryProcessItStarted() throws Exception {
        Path work = Files.createTempDirectory("gammavo-stack-stop-");
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String key : List.of("GAMMAVO_PORT", "GAMMAVO_TAP_PORT", "GAMMAVO_UWS_PORT", "GAMMAVO_RESOLVER_PORT",
                "GAMMAVO_BRIDGE_PORT", "GAMMAVO_KAFKA_PORT", "GAMMAVO_KAFKA_CONTROLLER_PORT", "GAMMAVO_DB_PORT")) {
            env.put(key, String.valueOf(StackIT.freePort()));
        }
        env.put("GAMMAVO_WORK_DIR", work.toString());
        env.remove("GAMMAVO_KAFKA_BOOTSTRAP");
        env.remove("GAMMAVO_DB_URL");
        LocalStack stack = new LocalStack(StackConfig.fromEnv(env));
        stack.up(Duration.ofSeconds(240));

        List<String> lines = Files.readAllLines(work.resolve("stack.pids"));
        List<Long> pids = LocalStack.readPids(work.resolve("stack.pids"));
        assertEquals(6, pids.size(), "launcher, 4 services and PostgreSQL: " + lines);
        assertTrue(lines.get(lines.size() - 1).startsWith("postgres "), lines.toString());
        assertTrue(pids.stream().allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));

        stack.stop();

        for (long pid : pids.subList(1, pids.size())) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " of " + lines);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline
                && ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(200);
        }
        assertFalse(ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive),
                "left behind: " + ProcessHandle.current().descendants().map(p -> p.pid() + " "
                        + p.info().commandLine().orElse("?")).toList());
        assertFalse(Files.exists(work.resolve("stack.pids")), "pid file removed");
    }
}
