package org.gammavo.stack.infra;

import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The same KRaft broker as {@link EmbeddedKafka}, but in a JVM of its own, so that it can be killed with
 * {@code kill -9} and started again on the same port and log directory while everything else keeps running
 * (the chaos run). {@code ./platform up} keeps the broker in the launcher's JVM; this is opt-in.
 *
 * <p>The child runs {@link #main} from the launcher's own class path.
 */
public final class KafkaProcess implements AutoCloseable {

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private final Path logFile;
    private final String javaOpts;
    private Process process;

    /**
     * @param logFile  where the broker JVM's output is appended
     * @param javaOpts JVM options of the broker, e.g. {@code -Xmx256m -XX:+UseSerialGC}
     */
    public KafkaProcess(int port, int controllerPort, Path logDir, Path logFile, String javaOpts) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.logDir = logDir;
        this.logFile = logFile;
        this.javaOpts = javaOpts;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker JVM and returns once the broker answers a metadata request. */
    public synchronized KafkaProcess start(Duration timeout) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return this;
        }
        Files.createDirectories(logFile.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(javaOpts.trim().split("\\s+")));
        cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"), KafkaProcess.class.getName(),
                String.valueOf(port), String.valueOf(controllerPort), logDir.toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        awaitReady(timeout);
        return this;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(),
                "request.timeout.ms", "3000", "default.api.timeout.ms", "3000"))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with code " + process.exitValue()
                            + "; see " + logFile);
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // the broker is still starting (or recovering its log after a crash)
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Kafka broker did not answer within " + timeout.toSeconds() + " s; see "
                + logFile);
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGKILL, as in a crash: nothing is flushed or closed; returns when the process is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** A clean stop (SIGTERM runs the broker's controlled shutdown), forcibly after 30 s. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** The broker JVM: {@code <port> <controllerPort> <logDir>}; runs until SIGTERM (clean) or SIGKILL. */
    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "kafka-stop"));
        kafka.start();
        System.out.println("kafka broker up on " + kafka.bootstrapServers());
        stopped.await();
    }
}
