package org.gammavo.tap.adapters;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
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
import org.gammavo.stack.infra.EmbeddedDatabase;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #15, finding 3 (docs/chaos.md): PostgreSQL killed -9 and restarted under a running tap-service. The pool
 * must not hand out the dead server's connections, and an async job whose database goes away is retried while its
 * time allows instead of ending in ERROR. The service runs on a PostgreSQL of its own (embedded, killable), not the
 * shared test database.
 */
@QuarkusTest
@TestProfile(DatabaseRestartTest.OwnDatabase.class)
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseRestartTest {

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KillableDatabase.class));
        }
    }

    /** A PostgreSQL only this class uses, so that killing it disturbs no other test. */
    public static class KillableDatabase implements QuarkusTestResourceLifecycleManager {
        static EmbeddedDatabase db;

        @Override
        public Map<String, String> start() {
            // a free port may be taken by another process before PostgreSQL binds it: try a few
            for (int attempt = 1; db == null; attempt++) {
                try {
                    int port;
                    try (ServerSocket s = new ServerSocket(0)) {
                        port = s.getLocalPort();
                    }
                    db = new EmbeddedDatabase(port, Files.createTempDirectory("gammavo-restart-")).start();
                } catch (Exception e) {
                    if (attempt == 3) throw new IllegalStateException("cannot start the killable PostgreSQL", e);
                }
            }
            return Map.of("quarkus.datasource.jdbc.url", db.jdbcUrl(), "quarkus.datasource.username", db.username(),
                    "quarkus.datasource.password", db.password());
        }

        @Override
        public void stop() {
            try {
                db.close();
            } catch (Exception ignored) {
                // the JVM is going away
            }
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static void crash() throws Exception {
        KillableDatabase.db.kill();
        KillableDatabase.db.restart(Duration.ofSeconds(60));
    }

    private static String sync(String adql) {
        return given().formParam("LANG", "ADQL").formParam("QUERY", adql).formParam("RESPONSEFORMAT", "csv")
                .when().post("/sync").then().extract().asString();
    }

    @Test
    void thePoolHandsOutNoConnectionOfTheKilledServer() throws Exception {
        assertEquals(KillableDatabase.db.jdbcUrl(), jdbcUrl, "the service must run on the killable database");
        // fill the pool with several idle connections of the server about to die
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) held.add(dataSource.getConnection());
        for (Connection c : held) c.close();
        crash();
        held.clear();
        try {
            for (int i = 0; i < 4; i++) {
                Connection c = dataSource.getConnection();
                held.add(c);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertTrue(rs.next());
                }
            }
        } finally {
            for (Connection c : held) c.close();
        }
    }

    @Test
    void aSyncQueryAfterARestartRuns() throws Exception {
        assertTrue(sync("SELECT COUNT(*) AS n FROM ivoa.obscore").startsWith("n"));
        crash();
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore")
                .formParam("RESPONSEFORMAT", "csv")
                .when().post("/sync").then().statusCode(200).body(containsString("obs_id"));
    }

    @Test
    void anAsyncJobWaitsForTheDatabaseToComeBack() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
             var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(JobTopics.EVENTS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);

            KillableDatabase.db.kill();
            String jobId = "restart-" + UUID.randomUUID();
            var run = new JobCommand.RunJob(UUID.randomUUID().toString(), jobId, "async", "tap", Instant.now(), "anonymous",
                    null, "async", Map.of("LANG", "ADQL", "QUERY", "SELECT TOP 2 obs_id FROM ivoa.obscore"), 120);
            producer.send(new ProducerRecord<>(JobTopics.COMMANDS, jobId, JobContractCodec.encode(run))).get();
            // the job meets the dead database first, then the server comes back
            Thread.sleep(4000);
            KillableDatabase.db.restart(Duration.ofSeconds(60));

            ExecutionPhase last = null;
            String error = null;
            long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < end && (last == null || !last.isFinal())) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!jobId.equals(r.key())) continue;
                    var e = (JobEvent.PhaseChanged) JobContractCodec.decodeEvent(r.value());
                    last = e.phase();
                    if (e.error() != null) error = e.error().message();
                }
            }
            assertEquals(ExecutionPhase.COMPLETED, last, "error: " + error);
        }
    }
}
