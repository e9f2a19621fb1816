package org.gammavo.resolver.it;

import org.gammavo.stack.testing.PlatformTestResource;

import java.util.Map;

/**
 * The platform's test Kafka, with its address kept where the integration test can read it: the test starts a second
 * replica on the same broker.
 */
public class SharedBrokerResource extends PlatformTestResource {

    static volatile Map<String, String> config;

    @Override
    public synchronized Map<String, String> start() {
        config = super.start();
        return config;
    }
}
