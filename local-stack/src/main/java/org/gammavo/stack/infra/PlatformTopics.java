package org.gammavo.stack.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The platform's Kafka topics, read from the Strimzi {@code KafkaTopic} resources in
 * {@code k8s/base/kafka/topics.yaml} — the one place where partitions, retention and compaction are written down —
 * and created on a broker that lacks them. The local stack and Kubernetes therefore get the same topics.
 */
public final class PlatformTopics {

    /** One topic: its name, partition count and topic-level configs. */
    public record Topic(String name, int partitions, Map<String, String> config) {
    }

    private PlatformTopics() {
    }

    public static List<Topic> read(Path topicsYaml) throws IOException {
        List<Topic> topics = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(topicsYaml.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || !"KafkaTopic".equals(doc.path("kind").asText())) {
                    continue;
                }
                JsonNode spec = doc.path("spec");
                String name = spec.hasNonNull("topicName") ? spec.get("topicName").asText()
                        : doc.path("metadata").path("name").asText();
                Map<String, String> config = new LinkedHashMap<>();
                spec.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
                topics.add(new Topic(name, spec.path("partitions").asInt(1), config));
            }
        }
        if (topics.isEmpty()) {
            throw new IOException("no KafkaTopic resources in " + topicsYaml);
        }
        return topics;
    }

    /** Creates every topic that does not exist yet (replication factor 1: a local single broker). */
    public static void ensure(String bootstrapServers, List<Topic> topics) throws InterruptedException {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.config())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getCause(), e);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 30 s", e);
        }
    }
}
