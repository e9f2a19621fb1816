package org.gammavo.resolver.adapters;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gammavo.resolver.domain.NameEvent;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Replays {@code resolver.names.v1} from the beginning into the in-memory index, then follows it live.
 *
 * <p>Every replica must see every event, so this is not a consumer group: it assigns itself all partitions and
 * seeks to the start, committing nothing (SmallRye's channels are built around groups, hence the plain client).
 * The replica counts as replayed once it has read up to the end offsets it saw at start.
 */
public final class NameTopicFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NameTopicFollower.class);

    private final KafkaConsumer<String, String> consumer;
    private final Consumer<NameEvent> sink;
    private final Thread thread;
    private volatile boolean replayed;
    private volatile boolean running = true;
    private volatile long applied;

    /**
     * @param bootstrapServers the Kafka brokers
     * @param sink             receives each event in topic order
     */
    public NameTopicFollower(String bootstrapServers, Consumer<NameEvent> sink) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Followers poll with a short wait so an alias made on another replica lands here well within a second.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "resolver-names-follower");
        this.consumer = new KafkaConsumer<>(p);
        this.sink = sink;
        this.thread = new Thread(this::run, "resolver-names-follower");
        this.thread.setDaemon(true);
    }

    /** Starts replaying in the background. */
    public NameTopicFollower start() {
        thread.start();
        return this;
    }

    /** Whether the topic has been read up to where it stood when this replica started. */
    public boolean replayed() {
        return replayed;
    }

    /** Events applied so far. */
    public long applied() {
        return applied;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = waitForPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        sink.accept(NameEventCodec.decode(r.key(), r.value()));
                        applied++;
                    } catch (RuntimeException e) {
                        // A bad record is skipped, never retried: it would block every later name.
                        LOG.warnf("skipping %s offset %d (key %s): %s", NameEventCodec.TOPIC, r.offset(), r.key(),
                                e.getMessage());
                    }
                }
                if (!replayed && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    replayed = true;
                    LOG.infof("%s replayed: %d events", NameEventCodec.TOPIC, applied);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "following %s stopped", NameEventCodec.TOPIC);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> waitForPartitions() {
        while (running) {
            var infos = consumer.partitionsFor(NameEventCodec.TOPIC, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            LOG.warnf("topic %s not found yet; retrying", NameEventCodec.TOPIC);
        }
        throw new WakeupException();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
