package org.gammavo.uws;

import org.apache.kafka.clients.consumer.ConsumerConfig;
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
 * Plays an executor over the real broker, as slurm-bridge and tap-service do: reads the commands uws-service
 * publishes and produces phase events. Not a mock: it speaks the Kafka job contract.
 */
public final class ExecutorPlayer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final Map<String, List<JobCommand>> commands = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;
    private volatile java.util.function.Consumer<JobCommand> listener = c -> {
    };

    public ExecutorPlayer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "executor-player-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        reader = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                consumer.subscribe(List.of(JobTopics.COMMANDS));
                while (running) {
                    for (var r : consumer.poll(Duration.ofMillis(200))) {
                        JobCommand cmd = JobContractCodec.decodeCommand(r.value());
                        commands.computeIfAbsent(cmd.jobId(), k -> new CopyOnWriteArrayList<>()).add(cmd);
                        listener.accept(cmd);
                    }
                }
            }
        }, "executor-player");
        reader.setDaemon(true);
        reader.start();
    }

    /** Calls {@code l} for every command received from now on (on the reader thread). */
    public void onCommand(java.util.function.Consumer<JobCommand> l) {
        listener = l;
    }

    /** The commands received so far for {@code jobId}, in order. */
    public List<JobCommand> commands(String jobId) {
        return new ArrayList<>(commands.getOrDefault(jobId, List.of()));
    }

    public int commandCount() {
        return commands.values().stream().mapToInt(List::size).sum();
    }

    /** Publishes a PhaseChanged event and returns it (so that a test can send it again). */
    public JobEvent.PhaseChanged report(String jobId, String jobList, ExecutionPhase phase,
                                        List<JobEvent.JobResult> results, JobEvent.JobError error) {
        var e = new JobEvent.PhaseChanged(UUID.randomUUID().toString(), jobId, jobList, Instant.now(), phase,
                "async".equals(jobList) ? "tap" : "slurm", "4242", results, error);
        send(e);
        return e;
    }

    public void send(JobEvent e) {
        try {
            producer.send(new ProducerRecord<>(JobTopics.EVENTS, e.jobId(), JobContractCodec.encode(e))).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        running = false;
        producer.close();
    }
}
