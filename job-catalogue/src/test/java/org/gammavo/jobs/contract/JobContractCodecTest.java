package org.gammavo.jobs.contract;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobContractCodecTest {

    @Test
    void commandsRoundTripWithTypeAndVersion() {
        var run = new JobCommand.RunJob("c1", "j1", "spectrum", "slurm", Instant.parse("2026-01-02T03:04:05Z"),
                "alice", "run-7", "spectrum-v1", Map.of("obs_id", "23523,23526"), 600);
        String json = JobContractCodec.encode(run);
        assertTrue(json.contains("\"type\":\"RunJob\""), json);
        assertTrue(json.contains("\"version\":1"), json);
        assertTrue(json.contains("\"issuedAt\":\"2026-01-02T03:04:05Z\""), json);
        assertEquals(run, JobContractCodec.decodeCommand(json));

        var abort = new JobCommand.AbortJob("c2", "j1", "spectrum", "slurm", Instant.EPOCH);
        assertEquals(abort, JobContractCodec.decodeCommand(JobContractCodec.encode(abort)));
    }

    @Test
    void eventsRoundTrip() {
        var ev = new JobEvent.PhaseChanged("e1", "j1", "spectrum", Instant.EPOCH, ExecutionPhase.COMPLETED, "slurm",
                "42", List.of(new JobEvent.JobResult("fit", "fit.json", "application/json", 12, "ab")), null);
        JobEvent back = JobContractCodec.decodeEvent(JobContractCodec.encode(ev));
        assertInstanceOf(JobEvent.PhaseChanged.class, back);
        assertEquals(ev, back);
    }

    @Test
    void unknownFieldsAreIgnoredButNewerVersionsAndGarbageRefused() {
        String withExtra = "{\"type\":\"AbortJob\",\"version\":1,\"commandId\":\"c\",\"jobId\":\"j\",\"jobList\":\"l\","
                + "\"executor\":\"tap\",\"issuedAt\":\"1970-01-01T00:00:00Z\",\"futureField\":3}";
        assertEquals("j", JobContractCodec.decodeCommand(withExtra).jobId());
        assertThrows(JobContractCodec.ContractException.class,
                () -> JobContractCodec.decodeCommand(withExtra.replace("\"version\":1", "\"version\":2")));
        assertThrows(JobContractCodec.ContractException.class, () -> JobContractCodec.decodeCommand("[1]"));
        assertThrows(JobContractCodec.ContractException.class, () -> JobContractCodec.decodeCommand("{\"type\":\"Nope\"}"));
        assertThrows(JobContractCodec.ContractException.class, () -> JobContractCodec.decodeEvent("not json"));
    }
}
