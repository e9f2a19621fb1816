package org.gammavo.stack;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gammavo.jobs.contract.JobTopics;
import org.gammavo.stack.infra.EmbeddedDatabase;
import org.gammavo.stack.infra.KafkaProcess;
import org.gammavo.stack.infra.PlatformTopics;
import org.gammavo.stack.infra.RepoLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chaos run's crashes of the infrastructure: kill -9, restart on the same port and data, nothing acknowledged lost. */
class CrashRestartTest {

    @TempDir
    Path tmp;

    @Test
    void brokerInItsOwnJvmSurvivesKill9() throws Exception {
        KafkaProcess kafka = new KafkaProcess(freePort(), freePort(), tmp.resolve("kafka"), Path.of("target/crash-restart-kafka.log"),
                "-XX:+UseSerialGC -Xmx256m");
        try {
            kafka.start(Duration.ofSeconds(120));
            long first = kafka.pid();
            PlatformTopics.ensure(kafka.bootstrapServers(), PlatformTopics.read(RepoLayout.topicsYaml(RepoLayout.root())));
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            p.put("acks", "all");
            try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(JobTopics.EVENTS, "job-1", "before the crash")).get(30, TimeUnit.SECONDS);
            }
            kafka.kill();
            assertFalse(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false), "killed");
            kafka.start(Duration.ofSeconds(120));
            assertTrue(kafka.pid() != first);
            p.put("group.id", "t");
            p.put("auto.offset.reset", "earliest");
            try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(JobTopics.EVENTS));
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 60_000;
                while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                }
                assertEquals(1, got.size());
                assertEquals("before the crash", got.get(0).value());
            }
        } finally {
            kafka.close();
        }
    }

    @Test
    void databaseRestartsOnItsDataAfterKill9() throws Exception {
        EmbeddedDatabase db = new EmbeddedDatabase(freePort(), tmp.resolve("pg")).start();
        try {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v text)");
                s.execute("INSERT INTO t VALUES ('committed before the crash')");
            }
            long first = db.serverPid().orElseThrow();
            db.kill();
            assertFalse(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false), "killed");
            db.restart(Duration.ofSeconds(120));
            assertTrue(db.serverPid().orElseThrow() != first);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM t")) {
                assertTrue(rs.next());
                assertEquals("committed before the crash", rs.getString(1));
            }
        } finally {
            db.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
