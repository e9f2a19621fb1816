package org.gammavo.bridge.adapters;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

/**
 * Static membership of the job-command consumer group ({@code group.instance.id}): a restarted bridge takes its
 * partitions back at once, instead of waiting for the dead member's session to expire (45 s by default) before
 * redelivered commands reach it.
 *
 * <p>The id is {@code GAMMAVO_KAFKA_INSTANCE_ID} when set, else {@code slurm-bridge-<host>-<http port>}: stable
 * across restarts of one replica (a pod's host name, a machine's fixed port), and never shared by two processes
 * running at once (they cannot both listen on one port of one host). With a random port (0, tests) the process id
 * stands in for the port: unique, but not stable — set the variable to get the fast restart there.
 */
@ApplicationScoped
public class KafkaConsumerIdentity {

    private static final Logger LOG = Logger.getLogger(KafkaConsumerIdentity.class);

    @ConfigProperty(name = "gammavo.kafka.instance-id")
    Optional<String> instanceId;
    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int httpPort;
    @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081")
    int testPort;

    @Produces
    @Identifier("job-commands-kafka")
    Map<String, Object> jobCommandsConsumer() {
        int port = LaunchMode.current() == LaunchMode.TEST ? testPort : httpPort;
        String id = instanceId(instanceId.orElse(""), hostName(), port, ProcessHandle.current().pid());
        LOG.infof("job-command consumer: static member %s", id);
        return Map.of("group.instance.id", id);
    }

    static String instanceId(String configured, String host, int port, long pid) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        return "slurm-bridge-" + host + "-" + (port > 0 ? String.valueOf(port) : "pid" + pid);
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
