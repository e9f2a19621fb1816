package org.gammavo.resolver.it;

import org.gammavo.stack.testing.PlatformTestResource;

/**
 * The platform's test Kafka (one per test JVM, shared with every other test resource use), with its address kept
 * where the integration test can read it to start the second replica on the same broker.
 */
public class SharedBrokerResource extends PlatformTestResource {

    static volatile String bootstrap;

    @Override
    public synchronized java.util.Map<String, String> start() {
        java.util.Map<String, String> config = super.start();
        bootstrap = config.get("kafka.bootstrap.servers");
        return config;
    }
}
