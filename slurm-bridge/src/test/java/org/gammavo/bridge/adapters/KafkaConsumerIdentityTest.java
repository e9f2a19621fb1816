package org.gammavo.bridge.adapters;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaConsumerIdentityTest {

    @Test
    void explicitIdWins() {
        assertEquals("bridge-a", KafkaConsumerIdentity.instanceId(" bridge-a ", "host", 8094, 7));
    }

    @Test
    void hostAndPortOtherwiseSoTwoProcessesNeverShareOne() {
        assertEquals("slurm-bridge-node1-8094", KafkaConsumerIdentity.instanceId("", "node1", 8094, 7));
        assertEquals("slurm-bridge-node1-8095", KafkaConsumerIdentity.instanceId(null, "node1", 8095, 7));
    }

    @Test
    void randomPortFallsBackToTheProcessId() {
        assertEquals("slurm-bridge-node1-pid42", KafkaConsumerIdentity.instanceId("", "node1", 0, 42));
    }
}
