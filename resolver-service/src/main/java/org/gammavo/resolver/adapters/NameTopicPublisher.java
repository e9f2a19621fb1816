package org.gammavo.resolver.adapters;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gammavo.resolver.domain.NameEvent;
import org.jboss.logging.Logger;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes name events to {@code resolver.names.v1}, keyed by normalized name so compaction keeps the latest state of
 * each name.
 */
public final class NameTopicPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NameTopicPublisher.class);

    private final KafkaProducer<String, String> producer;

    /** @param bootstrapServers the Kafka brokers */
    public NameTopicPublisher(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // An unreachable broker must fail an operator's request in seconds, not the default minute.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "resolver-names-publisher");
        this.producer = new KafkaProducer<>(p);
    }

    /**
     * Publishes and waits for the broker's acknowledgement (operator aliases: the caller must know it is shared).
     *
     * @throws IllegalStateException when the broker did not acknowledge in time
     */
    public void publishAndWait(NameEvent event) {
        try {
            producer.send(record(event)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the names topic did not take the event: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    /** Publishes without waiting (upstream answers: losing one only costs another upstream call). */
    public void publish(NameEvent event) {
        producer.send(record(event), (meta, e) -> {
            if (e != null) {
                LOG.warnf("name event for %s not published: %s", event.name(), e.getMessage());
            }
        });
    }

    private static ProducerRecord<String, String> record(NameEvent event) {
        return new ProducerRecord<>(NameEventCodec.TOPIC, NameEventCodec.key(event), NameEventCodec.encode(event));
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(2));
    }
}
