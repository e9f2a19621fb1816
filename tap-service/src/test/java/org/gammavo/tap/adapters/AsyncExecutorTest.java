package org.gammavo.tap.adapters;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.jobs.contract.JobTopics;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The executor side of async through the real Kafka topics: RunJob → EXECUTING → COMPLETED/ERROR; AbortJob cancels. */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class AsyncExecutorTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "gammavo.tap.results-dir")
    String resultsDir;

    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;

    @BeforeEach
    void open() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        // manual assignment: no consumer-group join (seconds per test), only the events from now on
        List<TopicPartition> parts = consumer.partitionsFor(JobTopics.EVENTS).stream()
                .map(p2 -> new TopicPartition(p2.topic(), p2.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
    }

    @AfterEach
    void close() {
        producer.close();
        consumer.close();
    }

    private org.apache.kafka.clients.producer.RecordMetadata send(JobCommand cmd) throws Exception {
        String json = cmd instanceof JobCommand.RunJob r ? JobContractCodec.encode(r) : JobContractCodec.encode(cmd);
        return producer.send(new ProducerRecord<>(JobTopics.COMMANDS, cmd.jobId(), json)).get();
    }

    /** The offset group tap-service has committed on a partition of the command topic (-1 when none). */
    private long committed(org.apache.kafka.clients.admin.Admin admin, TopicPartition tp) throws Exception {
        var m = admin.listConsumerGroupOffsets("tap-service").partitionsToOffsetAndMetadata().get().get(tp);
        return m == null ? -1 : m.offset();
    }

    private List<JobEvent.PhaseChanged> eventsUntil(String jobId, ExecutionPhase last, Duration timeout) {
        List<JobEvent.PhaseChanged> out = new ArrayList<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (!jobId.equals(r.key())) continue;
                JobEvent.PhaseChanged e = (JobEvent.PhaseChanged) JobContractCodec.decodeEvent(r.value());
                out.add(e);
                if (e.phase() == last || e.phase().isFinal()) return out;
            }
        }
        return out;
    }

    private static JobCommand.RunJob run(String jobId, Map<String, String> params) {
        return new JobCommand.RunJob(UUID.randomUUID().toString(), jobId, "async", "tap", Instant.now(), "anonymous", null,
                "async", params, 0);
    }

    @Test
    void runJobWritesTheResultAndReportsIt() throws Exception {
        String jobId = "t" + UUID.randomUUID();
        send(run(jobId, Map.of("LANG", "ADQL", "QUERY", "SELECT obs_id, t_min FROM ivoa.obscore WHERE s_dec > 0", "MAXREC", "5")));
        List<JobEvent.PhaseChanged> ev = eventsUntil(jobId, ExecutionPhase.COMPLETED, Duration.ofSeconds(60));
        assertEquals(List.of(ExecutionPhase.EXECUTING, ExecutionPhase.COMPLETED), ev.stream().map(JobEvent.PhaseChanged::phase).toList());
        JobEvent.JobResult r = ev.get(1).results().get(0);
        assertEquals("result", r.id());
        assertEquals("result.xml", r.path());
        assertEquals("application/x-votable+xml", r.mimeType());
        Path file = Path.of(resultsDir, jobId, r.path());
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(r.size(), bytes.length);
        assertEquals(r.sha256(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertTrue(new String(bytes).contains("value=\"OVERFLOW\""));
    }

    @Test
    void badQueryEndsInError() throws Exception {
        String jobId = "t" + UUID.randomUUID();
        send(run(jobId, Map.of("LANG", "ADQL", "QUERY", "SELECT nothing FROM ivoa.obscore")));
        List<JobEvent.PhaseChanged> ev = eventsUntil(jobId, ExecutionPhase.ERROR, Duration.ofSeconds(60));
        JobEvent.PhaseChanged last = ev.get(ev.size() - 1);
        assertEquals(ExecutionPhase.ERROR, last.phase());
        assertNotNull(last.error());
        assertTrue(last.error().message().contains("nothing"), last.error().message());
        assertTrue(Files.readString(Path.of(resultsDir, jobId, "error.xml")).contains("value=\"ERROR\""));
    }

    @Test
    void abortCancelsTheRunningStatement() throws Exception {
        String jobId = "t" + UUID.randomUUID();
        send(run(jobId, Map.of("LANG", "ADQL", "QUERY", "SELECT COUNT(*) AS n FROM ivoa.obscore AS a, ivoa.obscore AS b, "
                + "ivoa.obscore AS c, ivoa.obscore AS d, ivoa.obscore AS e, ivoa.obscore AS f, ivoa.obscore AS g")));
        List<JobEvent.PhaseChanged> ev = eventsUntil(jobId, ExecutionPhase.EXECUTING, Duration.ofSeconds(30));
        assertEquals(ExecutionPhase.EXECUTING, ev.get(0).phase());
        Thread.sleep(300);
        long t0 = System.nanoTime();
        send(new JobCommand.AbortJob(UUID.randomUUID().toString(), jobId, "async", "tap", Instant.now()));
        ev = eventsUntil(jobId, ExecutionPhase.ABORTED, Duration.ofSeconds(30));
        assertEquals(ExecutionPhase.ABORTED, ev.get(ev.size() - 1).phase());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
        Thread.sleep(500);
        assertTrue(!Files.exists(Path.of(resultsDir, jobId, "result.xml")));
    }

    @Test
    void theOffsetOfARunningJobIsNotCommittedUntilItEnds() throws Exception {
        String jobId = "t" + UUID.randomUUID();
        var sent = send(run(jobId, Map.of("LANG", "ADQL", "QUERY", "SELECT COUNT(*) AS n FROM ivoa.obscore AS a, ivoa.obscore AS b, "
                + "ivoa.obscore AS c, ivoa.obscore AS d, ivoa.obscore AS e, ivoa.obscore AS f, ivoa.obscore AS g")));
        TopicPartition tp = new TopicPartition(sent.topic(), sent.partition());
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            assertEquals(ExecutionPhase.EXECUTING, eventsUntil(jobId, ExecutionPhase.EXECUTING, Duration.ofSeconds(30)).get(0).phase());
            // longer than the commit interval (5 s): a process dying now would get the command again
            Thread.sleep(7000);
            assertTrue(committed(admin, tp) <= sent.offset(), "committed " + committed(admin, tp) + " while the job at "
                    + sent.offset() + " runs");
            send(new JobCommand.AbortJob(UUID.randomUUID().toString(), jobId, "async", "tap", Instant.now()));
            eventsUntil(jobId, ExecutionPhase.ABORTED, Duration.ofSeconds(30));
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (committed(admin, tp) <= sent.offset() && System.nanoTime() < end) Thread.sleep(250);
            assertTrue(committed(admin, tp) > sent.offset(), "the command is committed once the job has ended");
        }
    }

    @Test
    void aRedeliveredFinishedJobIsReportedAgainNotRerun() throws Exception {
        String jobId = "t" + UUID.randomUUID();
        Map<String, String> params = Map.of("LANG", "ADQL", "QUERY", "SELECT TOP 3 obs_id FROM ivoa.obscore");
        send(run(jobId, params));
        List<JobEvent.PhaseChanged> first = eventsUntil(jobId, ExecutionPhase.COMPLETED, Duration.ofSeconds(60));
        JobEvent.JobResult r1 = first.get(first.size() - 1).results().get(0);
        Path file = Path.of(resultsDir, jobId, r1.path());
        var modified = Files.getLastModifiedTime(file);
        Thread.sleep(20);
        send(run(jobId, params));  // as after a crash before the offset was committed
        List<JobEvent.PhaseChanged> again = eventsUntil(jobId, ExecutionPhase.COMPLETED, Duration.ofSeconds(60));
        JobEvent.PhaseChanged last = again.get(again.size() - 1);
        assertEquals(ExecutionPhase.COMPLETED, last.phase());
        assertEquals(r1.sha256(), last.results().get(0).sha256());
        assertEquals(modified, Files.getLastModifiedTime(file), "the result was not written again");
    }
}
