package org.gammavo.uws.harness;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gammavo.stack.infra.EmbeddedKafka;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Measures how long a consumer of group uws-service, restarted after a SIGKILL, waits for its partitions: with the
 * Kafka defaults (dynamic membership, 45 s session) and with the service's settings (static membership under the
 * same group.instance.id, 10 s session). The consumer is a child JVM (this class with argument {@code member}) so
 * that it can be killed like a crashed replica; an embedded broker, topic with 3 partitions like uws.job-events.v1.
 *
 * <pre>mvn -q -B -pl uws-service test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test-cp.txt
 * cd uws-service && java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) \
 *     org.gammavo.uws.harness.GroupRejoinHarness</pre>
 * (Not through exec:java: the child JVMs need the test class path as {@code java.class.path}.)
 */
public final class GroupRejoinHarness {

    static final String TOPIC = "rejoin-test";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("member")) {
            member(args[1], args[2], args.length > 3 ? args[3] : null, Integer.parseInt(args[4]));
            return;
        }
        Path work = Files.createTempDirectory("gammavo-rejoin-");
        try (EmbeddedKafka kafka = new EmbeddedKafka(freePort(), freePort(), work.resolve("kafka")).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
            String bootstrap = kafka.bootstrapServers();
            System.out.printf("defaults (dynamic, 45 s session): restart -> partitions %d ms%n",
                    restart(bootstrap, "group-dynamic", null, 45000));
            System.out.printf("dynamic, 10 s session:            restart -> partitions %d ms%n",
                    restart(bootstrap, "group-dynamic-10", null, 10000));
            System.out.printf("static (same instance id), 10 s:  restart -> partitions %d ms%n",
                    restart(bootstrap, "group-static", "uws-service-host-8092", 10000));
        }
    }

    /** Starts a member, waits for its partitions, kills it (SIGKILL), starts it again: ms from launch to partitions. */
    static long restart(String bootstrap, String group, String instanceId, int sessionMs) throws Exception {
        Process first = launch(bootstrap, group, instanceId, sessionMs);
        awaitAssigned(first);
        first.destroyForcibly().waitFor();
        long t0 = System.nanoTime();
        Process second = launch(bootstrap, group, instanceId, sessionMs);
        awaitAssigned(second);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        second.destroyForcibly().waitFor();
        return ms;
    }

    static Process launch(String bootstrap, String group, String instanceId, int sessionMs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), GroupRejoinHarness.class.getName(),
                "member", bootstrap, group, instanceId == null ? "-" : instanceId, String.valueOf(sessionMs)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    static void awaitAssigned(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
        for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith("ASSIGNED")) {
                return;
            }
        }
        throw new IllegalStateException("member ended without partitions");
    }

    static void member(String bootstrap, String group, String instanceId, int sessionMs) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        if (!"-".equals(instanceId)) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionMs));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.min(3000, sessionMs / 3)));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        System.out.println("ASSIGNED " + partitions);
                        System.out.flush();
                    }
                }
            });
            while (true) {
                c.poll(Duration.ofMillis(200));
            }
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
