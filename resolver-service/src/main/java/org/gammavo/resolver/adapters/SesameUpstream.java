package org.gammavo.resolver.adapters;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.gammavo.resolver.domain.SkyObject;
import org.gammavo.resolver.domain.Upstream;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Upstream Sesame, guarded so that it can never hold the service up: each call is cut at 2 s, at most 8 run at
 * once, and after half of the last 10 calls failed the circuit opens for 30 s (calls then fail at once and the name
 * is answered "not found"). Off unless {@code resolver.upstream.sesame-url} is set. The limits can be changed with
 * the MicroProfile Fault Tolerance keys, e.g. {@code org.gammavo.resolver.adapters.SesameUpstream/resolve/Timeout/value}.
 */
@ApplicationScoped
public class SesameUpstream implements Upstream {

    private final SesameClient client;

    public SesameUpstream(@ConfigProperty(name = "resolver.upstream.sesame-url") Optional<String> url,
                          @ConfigProperty(name = "resolver.upstream.timeout", defaultValue = "2s") Duration timeout) {
        this.client = url.filter(u -> !u.isBlank()).map(u -> new SesameClient(URI.create(u), timeout)).orElse(null);
    }

    @Override
    public boolean enabled() {
        return client != null;
    }

    @Override
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Bulkhead(8)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Optional<SkyObject> resolve(String name) {
        if (client == null) {
            return Optional.empty();
        }
        return client.resolve(name);
    }
}
