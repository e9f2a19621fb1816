package org.gammavo.tap.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code gammavo.tap.sync.max-concurrent-per-client} sync queries run at a time for one client, so one
 * client can't take every database connection and CPU. The client is its address as Quarkus reports it: the first
 * X-Forwarded-For hop when the request came through a trusted proxy, else the peer.
 */
@ApplicationScoped
public class ClientLimit {

    @ConfigProperty(name = "gammavo.tap.sync.max-concurrent-per-client")
    int max;

    private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

    /** A running query's place; {@link #release()} may be called any number of times. */
    public final class Permit {
        private final String client;
        private final AtomicBoolean released;

        private Permit(String client, boolean counted) {
            this.client = client;
            this.released = new AtomicBoolean(!counted);
        }

        public void release() {
            if (released.compareAndSet(false, true)) running.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** The limit per client (0 or less: none). */
    public int max() {
        return max;
    }

    /** A permit for one more query of {@code client}, or null when it runs the maximum already. */
    public Permit acquire(String client) {
        if (max <= 0) return new Permit(client, false);
        boolean[] granted = {false};
        running.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) return n;
            granted[0] = true;
            return now + 1;
        });
        return granted[0] ? new Permit(client, true) : null;
    }
}
