package org.gammavo.webui;

import org.gammavo.stack.LocalStack;
import org.gammavo.stack.StackConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the stack (what Ctrl-C and {@code ./platform down} do) leaves no process behind. */
class StackShutdownIT {

    @Test
    void stopEndsEveryProcessItStarted() throws Exception {
        Path work = Files.createTempDirectory("gammavo-stack-stop-");
        StackConfig config = StackConfig.fromEnv(SharedStack.freshEnvironment(work));
        LocalStack stack = new LocalStack(config);
        stack.up(Duration.ofSeconds(240));

        List<String> lines = Files.readAllLines(work.resolve("stack.pids"));
        List<Long> pids = LocalStack.readPids(work.resolve("stack.pids"));
        // The launcher, the 4 services, PostgreSQL, and the OIDC issuer when the stack runs one (the ITs' stacks do).
        Set<String> names = new HashSet<>(lines.stream().map(l -> l.split(" ")[0]).toList());
        Set<String> expected = new HashSet<>(Set.of("launcher", "tap-service", "uws-service", "resolver-service",
                "slurm-bridge", "postgres"));
        if (config.keycloakPort().isPresent()) {
            expected.add("keycloak");
        }
        assertEquals(expected, names, lines.toString());
        assertEquals(expected.size(), pids.size(), lines.toString());
        assertTrue(pids.stream().allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));

        stack.stop();

        for (long pid : pids.subList(1, pids.size())) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " of " + lines);
        }
        // The stack other test classes share (if one runs in this JVM) is not this test's: its processes are left out.
        Set<Long> shared = sharedStackProcesses();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && leftBehind(shared).findAny().isPresent()) {
            Thread.sleep(200);
        }
        assertFalse(leftBehind(shared).findAny().isPresent(),
                "left behind: " + leftBehind(shared).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
        assertFalse(Files.exists(work.resolve("stack.pids")), "pid file removed");
    }

    private static Stream<ProcessHandle> leftBehind(Set<Long> shared) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> !shared.contains(p.pid()));
    }

    private static Set<Long> sharedStackProcesses() throws Exception {
        SharedStack s = SharedStack.runningOrNull();
        Set<Long> out = new HashSet<>();
        if (s == null || !Files.exists(s.workDir().resolve("stack.pids"))) {
            return out;
        }
        for (long pid : LocalStack.readPids(s.workDir().resolve("stack.pids"))) {
            out.add(pid);
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> out.add(d.pid())));
        }
        return out;
    }
}
