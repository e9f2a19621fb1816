package org.gammavo.bridge.it;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.jobs.contract.JobTopics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays uws-service on the real broker: produces job commands and collects the bridge's phase events. Not a mock:
 * this is the protocol uws-service speaks.
 */
public final class KafkaJobs implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, List<JobEvent.PhaseChanged>> events = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean open = true;

    public KafkaJobs(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(JobTopics.EVENTS));
        reader = new Thread(this::read, "test-event-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (open) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (JobContractCodec.decodeEvent(r.value()) instanceof JobEvent.PhaseChanged e) {
                    events.computeIfAbsent(e.jobId(), k -> new CopyOnWriteArrayList<>()).add(e);
                }
            }
        }
        consumer.close();
    }

    /** Sends a RunJob for executor slurm and returns it. */
    public JobCommand.RunJob run(String jobId, String jobList, Map<String, String> parameters, long duration) {
        JobCommand.RunJob cmd = new JobCommand.RunJob(UUID.randomUUID().toString(), jobId, jobList, "slurm",
                Instant.now(), "tester", null, jobList, parameters, duration);
        send(cmd);
        return cmd;
    }

    public void abort(String jobId, String jobList) {
        send(new JobCommand.AbortJob(UUID.randomUUID().toString(), jobId, jobList, "slurm", Instant.now()));
    }

    public void send(JobCommand command) {
        try {
            producer.send(new ProducerRecord<>(JobTopics.COMMANDS, command.jobId(), JobContractCodec.encode(command)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The events received so far for a job, in arrival order. */
    public List<JobEvent.PhaseChanged> events(String jobId) {
        return new ArrayList<>(events.getOrDefault(jobId, List.of()));
    }

    /** Waits for the job's first event with a final phase and returns it. */
    public JobEvent.PhaseChanged awaitFinal(String jobId, Duration timeout) throws InterruptedException {
        return await(jobId, timeout, null);
    }

    /** Waits for an event of the given phase (or any final phase when {@code phase} is null). */
    public JobEvent.PhaseChanged await(String jobId, Duration timeout, ExecutionPhase phase) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (JobEvent.PhaseChanged e : events(jobId)) {
                if (phase == null ? e.phase().isFinal() : e.phase() == phase) {
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not reach " + (phase == null ? "a final phase" : phase)
                + " in " + timeout + "; events: " + events(jobId));
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        reader.join(5000);
        producer.close();
    }
}
