package org.gammavo.resolver.bench;

import org.gammavo.stack.infra.EmbeddedKafka;
import org.gammavo.stack.infra.PlatformTopics;
import org.gammavo.stack.infra.RepoLayout;

import java.nio.file.Files;

/**
 * A Kafka broker with the platform's topics, for running the resolver jar alone (astropy check, benchmark).
 * Usage: {@code DevBroker [port] [controllerPort]}; prints the bootstrap address and runs until killed.
 */
public final class DevBroker {

    private DevBroker() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 29192;
        int controller = args.length > 1 ? Integer.parseInt(args[1]) : 29193;
        EmbeddedKafka kafka = new EmbeddedKafka(port, controller, Files.createTempDirectory("resolver-broker-"))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        PlatformTopics.ensure(kafka.bootstrapServers(), PlatformTopics.read(RepoLayout.topicsYaml(RepoLayout.root())));
        System.out.println("bootstrap " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }
}
