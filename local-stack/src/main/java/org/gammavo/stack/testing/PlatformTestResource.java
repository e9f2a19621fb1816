package org.gammavo.stack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.gammavo.stack.infra.EmbeddedDatabase;
import org.gammavo.stack.infra.Jdbc;
import org.gammavo.stack.infra.EmbeddedKafka;
import org.gammavo.stack.infra.PlatformTopics;
import org.gammavo.stack.infra.RepoLayout;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and a real PostgreSQL database.
 *
 * <p>By default both are embedded and started once per test JVM. CI (or a developer) may instead point at running
 * servers with {@code GAMMAVO_TEST_KAFKA_BOOTSTRAP} and {@code GAMMAVO_TEST_DB_URL} / {@code _USER} /
 * {@code _PASSWORD} (e.g. a PostgreSQL with pgSphere). Either way every test JVM gets a database of its own,
 * created fresh and dropped at exit, so test runs never see each other's rows.
 */
public class PlatformTestResource implements QuarkusTestResourceLifecycleManager {

    private static Map<String, String> config;

    @Override
    public synchronized Map<String, String> start() {
        if (config == null) {
            config = startInfra();
        }
        return config;
    }

    @Override
    public void stop() {
        // Kept for the JVM's lifetime: several test classes share it; a shutdown hook cleans up.
    }

    private static Map<String, String> startInfra() {
        try {
            Path work = Files.createTempDirectory("gammavo-test-");
            String kafka = System.getenv("GAMMAVO_TEST_KAFKA_BOOTSTRAP");
            if (kafka == null || kafka.isBlank()) {
                EmbeddedKafka broker = new EmbeddedKafka(freePort(), freePort(), work.resolve("kafka")).start();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
                kafka = broker.bootstrapServers();
            }
            PlatformTopics.ensure(kafka, PlatformTopics.read(RepoLayout.topicsYaml(RepoLayout.root())));

            String url = System.getenv("GAMMAVO_TEST_DB_URL");
            String user = System.getenv().getOrDefault("GAMMAVO_TEST_DB_USER", "postgres");
            String password = System.getenv().getOrDefault("GAMMAVO_TEST_DB_PASSWORD", "postgres");
            if (url == null || url.isBlank()) {
                EmbeddedDatabase db = new EmbeddedDatabase(freePort(), work.resolve("pg")).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        db.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
                url = db.jdbcUrl();
                user = db.username();
                password = db.password();
            }
            String testDb = "gammavo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            String testUrl = createDatabase(url, user, password, testDb);

            Map<String, String> c = new HashMap<>();
            c.put("kafka.bootstrap.servers", kafka);
            c.put("quarkus.datasource.jdbc.url", testUrl);
            c.put("quarkus.datasource.username", user);
            c.put("quarkus.datasource.password", password);
            c.put("gammavo.test.work-dir", work.toString());
            // The in-process broker logs through the application's log manager: keep test output readable.
            c.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
            c.put("quarkus.log.category.\"kafka\".level", "WARN");
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test Kafka/PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Creates {@code name} on the server of {@code url} and returns its JDBC URL; dropped at JVM exit. */
    private static String createDatabase(String url, String user, String password, String name) throws Exception {
        try (Connection c = Jdbc.connect(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String testUrl = url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = Jdbc.connect(url, user, password); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (Exception ignored) {
                // the server may already be stopping
            }
        }));
        return testUrl;
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
