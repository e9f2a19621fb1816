package org.gammavo.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The topic table of docs/events.md and k8s/base/kafka/topics.yaml say the same thing: every topic of the contract
 * has a KafkaTopic (and the rendered overlays carry them) with the partitions, retention and compaction the table says.
 */
class EventContractTopicsTest {

    /** A row of the docs' topic table: {@code | `topic` | key | partitions | retention / compaction | ...}. */
    record DocTopic(String name, int partitions, String retention) {
    }

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|[^|]*\\|\\s*(\\d+)\\s*\\|([^|]*)\\|");
    private static final Pattern DAYS = Pattern.compile("(\\d+)\\s*days?");

    static Map<String, DocTopic> documentedTopics() throws IOException {
        List<String> lines = Files.readAllLines(Repo.ROOT.resolve("docs/events.md"));
        int start = lines.indexOf("## Topics");
        assertTrue(start >= 0, "docs/events.md has a '## Topics' section");
        Map<String, DocTopic> topics = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                topics.put(m.group(1), new DocTopic(m.group(1), Integer.parseInt(m.group(2)), m.group(3).trim()));
            }
        }
        assertFalse(topics.isEmpty(), "docs/events.md's topic table has rows");
        return topics;
    }

    static Map<String, JsonNode> kafkaTopics(List<JsonNode> docs) {
        return docs.stream().filter(d -> d.path("kind").asText().equals("KafkaTopic"))
                .collect(Collectors.toMap(d -> d.path("spec").path("topicName").asText(d.path("metadata").path("name").asText()),
                        d -> d, (a, b) -> {
                            throw new AssertionError("topic declared twice: " + a.path("metadata").path("name"));
                        }, LinkedHashMap::new));
    }

    @Test
    void topicsYamlHasExactlyTheDocumentedTopicsWithTheirSettings() throws IOException {
        Map<String, DocTopic> documented = documentedTopics();
        Map<String, JsonNode> declared = kafkaTopics(Manifests.parseAll(Files.readString(Repo.K8S.resolve("base/kafka/topics.yaml"))));
        assertEquals(documented.keySet(), declared.keySet(), "topics of docs/events.md = KafkaTopics of topics.yaml");
        for (DocTopic t : documented.values()) {
            JsonNode spec = declared.get(t.name()).path("spec");
            assertEquals("kafka.strimzi.io/v1beta2", declared.get(t.name()).path("apiVersion").asText(), t.name());
            assertEquals(t.partitions(), spec.path("partitions").asInt(), t.name() + ": partitions");
            String policy = spec.path("config").path("cleanup.policy").asText();
            String retention = t.retention().toLowerCase();
            assertEquals(retention.contains("compact"), policy.contains("compact"), t.name() + ": compaction (" + retention + ")");
            assertEquals(retention.contains("delete"), policy.contains("delete"), t.name() + ": deletion (" + retention + ")");
            Matcher days = DAYS.matcher(retention);
            if (days.find()) {
                long ms = Long.parseLong(days.group(1)) * 24 * 3600 * 1000;
                assertEquals(String.valueOf(ms), spec.path("config").path("retention.ms").asText(), t.name() + ": retention.ms");
            }
        }
    }

    @Test
    void renderedOverlaysCarryEveryDocumentedTopicUnchanged() throws IOException {
        Map<String, DocTopic> documented = documentedTopics();
        Map<String, JsonNode> base = kafkaTopics(Manifests.parseAll(Files.readString(Repo.K8S.resolve("base/kafka/topics.yaml"))));
        for (String overlay : List.of("overlays/dev", "overlays/prod")) {
            Map<String, JsonNode> rendered = kafkaTopics(Manifests.render(overlay).documents);
            assertEquals(documented.keySet(), rendered.keySet(), overlay + ": KafkaTopics");
            rendered.forEach((name, t) -> {
                // Overlays may change replicas (one broker in dev), never what the contract says.
                assertEquals(base.get(name).path("spec").path("partitions"), t.path("spec").path("partitions"), overlay + " " + name);
                assertEquals(base.get(name).path("spec").path("config"), t.path("spec").path("config"), overlay + " " + name);
            });
        }
    }
}
