package org.gammavo.stack;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gammavo.jobs.contract.JobTopics;
import org.gammavo.stack.infra.EmbeddedDatabase;
import org.gammavo.stack.infra.EmbeddedKafka;
import org.gammavo.stack.infra.PlatformTopics;
import org.gammavo.stack.infra.RepoLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedInfraTest {

    @TempDir
    Path tmp;

    @Test
    void brokerCarriesRecordsAndKeepsTopicsAcrossRestart() throws Exception {
        int port = freePort();
        int cport = freePort();
        List<PlatformTopics.Topic> topics = PlatformTopics.read(RepoLayout.topicsYaml(RepoLayout.root()));
        assertTrue(topics.stream().anyMatch(t -> t.name().equals(JobTopics.COMMANDS)));
        assertTrue(topics.stream().anyMatch(t -> "compact".equals(t.config().get("cleanup.policy"))));

        try (EmbeddedKafka kafka = new EmbeddedKafka(port, cport, tmp.resolve("kafka")).start()) {
            PlatformTopics.ensure(kafka.bootstrapServers(), topics);
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(JobTopics.EVENTS, "job-1", "hello")).get(10, TimeUnit.SECONDS);
            }
            p.put("group.id", "t");
            p.put("auto.offset.reset", "earliest");
            try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(JobTopics.EVENTS));
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 20_000;
                while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                }
                assertEquals(1, got.size());
                assertEquals("job-1", got.get(0).key());
                assertEquals("hello", got.get(0).value());
            }
        }
        // Same log dir: the broker comes back with its topics (the local stack keeps data between runs).
        try (EmbeddedKafka kafka = new EmbeddedKafka(port, cport, tmp.resolve("kafka")).start()) {
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                var names = admin.listTopics().names().get(20, TimeUnit.SECONDS);
                assertTrue(names.containsAll(topics.stream().map(PlatformTopics.Topic::name).toList()), names.toString());
                var desc = admin.describeTopics(List.of(JobTopics.COMMANDS)).allTopicNames().get(20, TimeUnit.SECONDS);
                assertEquals(3, desc.get(JobTopics.COMMANDS).partitions().size());
            }
        }
    }

    @Test
    void databaseAnswersAndKeepsDataAcrossRestart() throws Exception {
        int port = freePort();
        try (EmbeddedDatabase db = new EmbeddedDatabase(port, tmp.resolve("pg")).start();
             var c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            c.createStatement().execute("CREATE TABLE t (x int)");
            c.createStatement().execute("INSERT INTO t VALUES (42)");
        }
        try (EmbeddedDatabase db = new EmbeddedDatabase(port, tmp.resolve("pg")).start();
             var c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            var rs = c.createStatement().executeQuery("SELECT x FROM t");
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
