package org.gammavo.uws.harness;

import org.gammavo.stack.infra.EmbeddedDatabase;
import org.gammavo.stack.infra.EmbeddedKafka;
import org.gammavo.stack.infra.PlatformTopics;
import org.gammavo.stack.infra.RepoLayout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * For the harnesses (not unit tests): a real Kafka and PostgreSQL (embedded, from local-stack) and the built
 * uws-service jar as a separate process that can be killed with SIGKILL and started again.
 */
final class HarnessStack implements AutoCloseable {

    final Path work;
    final EmbeddedKafka kafka;
    final EmbeddedDatabase db;
    final int httpPort;
    final Path resultsDir;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process service;

    HarnessStack() throws Exception {
        work = Files.createTempDirectory("uws-harness-");
        kafka = new EmbeddedKafka(freePort(), freePort(), work.resolve("kafka")).start();
        PlatformTopics.ensure(kafka.bootstrapServers(), PlatformTopics.read(RepoLayout.topicsYaml(RepoLayout.root())));
        db = new EmbeddedDatabase(freePort(), work.resolve("pg")).start();
        httpPort = freePort();
        resultsDir = Files.createDirectories(work.resolve("results"));
    }

    String base() {
        return "http://127.0.0.1:" + httpPort + "/uws";
    }

    /** Starts the uws-service jar and waits until it is ready. */
    void startService() throws Exception {
        Path jar = RepoLayout.root().resolve("uws-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build it first: mvn -q -B install -pl uws-service -DskipTests");
        }
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx384m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("uws-service.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        env.put("GAMMAVO_RESULTS_DIR", resultsDir.toString());
        env.put("QUARKUS_LOG_CONSOLE_LEVEL", "INFO");
        service = pb.start();
        Process started = service;
        // Never leave the service behind, whatever way this JVM ends.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until) {
            if (!service.isAlive()) {
                throw new IllegalStateException("uws-service exited; see " + work.resolve("uws-service.log"));
            }
            try {
                if (get("/q/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("uws-service not ready after 90 s");
    }

    /** SIGKILL: no shutdown hook, no flush, exactly what a crash looks like. */
    void killService() throws InterruptedException {
        service.destroyForcibly();
        service.waitFor();
    }

    HttpResponse<String> get(String path, String user) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
        auth(b, user);
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String user, String form) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded");
        auth(b, user);
        return http.send(b.POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void auth(HttpRequest.Builder b, String user) {
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The jobId of a 303 answer's Location. */
    static String jobId(HttpResponse<?> created) {
        String loc = created.headers().firstValue("Location").orElseThrow();
        return loc.substring(loc.lastIndexOf('/') + 1);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor();
        }
        db.close();
        kafka.close();
        EmbeddedKafka.deleteTree(work);
    }
}
