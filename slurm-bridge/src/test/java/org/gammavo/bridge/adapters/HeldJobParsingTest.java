package org.gammavo.bridge.adapters;

import com.sun.net.httpserver.HttpServer;
import org.gammavo.bridge.domain.SlurmJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job that slurmctld requeued and holds after slurmd refused its launch ("Duplicate jobid", docs/chaos.md
 * finding 2), as both clients read it: the answers are the ones SLURM 22.05 gave for such a job (job 19, reproduced
 * with slurmctld killed -9 on a private local-slurm.sh cluster).
 */
class HeldJobParsingTest {

    @Test
    void slurmrestdAnswer() throws Exception {
        String body = """
                {"jobs": [
                  {"job_id": 19, "name": "uws-j19", "comment": "uws:selftest/j19", "job_state": "PENDING",
                   "state_reason": "JobHeldUser", "state_description": "launch failed requeued held", "priority": 0,
                   "restart_cnt": 1, "exit_code": 0, "submit_time": 1795994575, "start_time": 0},
                  {"job_id": 20, "name": "uws-j20", "comment": "uws:selftest/j20", "job_state": "PENDING",
                   "state_reason": "Resources", "state_description": "", "exit_code": 0, "submit_time": 1795994576,
                   "start_time": 0}
                ], "errors": []}""";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/slurm/v0.0.38/jobs", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            List<SlurmJob> jobs = new SlurmRestClient("http://127.0.0.1:" + server.getAddress().getPort(), "gammavo",
                    "token", "").jobs();
            assertEquals("launch failed requeued held", jobs.get(0).reason());
            assertTrue(jobs.get(0).heldAfterRequeue());
            assertEquals("Resources", jobs.get(1).reason());
            assertFalse(jobs.get(1).heldAfterRequeue());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void scontrolAnswer(@TempDir Path bin) throws Exception {
        Path scontrol = bin.resolve("scontrol");
        Files.writeString(scontrol, """
                #!/bin/sh
                echo 'JobId=19 JobName=uws-j19 UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=0 Nice=0 \
                Account=(null) QOS=(null) JobState=PENDING Reason=launch_failed_requeued_held Dependency=(null) \
                Requeue=1 Restarts=1 BatchFlag=1 Reboot=0 ExitCode=0:0 RunTime=00:00:00 TimeLimit=UNLIMITED \
                SubmitTime=2026-11-29T23:22:55 StartTime=Unknown Comment=uws:selftest/j19'
                """);
        scontrol.toFile().setExecutable(true);
        List<SlurmJob> jobs = new SlurmCliClient(bin.toString(), "").jobs();
        assertEquals("launch_failed_requeued_held", jobs.get(0).reason());
        assertTrue(jobs.get(0).heldAfterRequeue());
        assertEquals("j19", jobs.get(0).uwsJobId());
    }
}
