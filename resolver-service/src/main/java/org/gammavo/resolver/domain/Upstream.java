package org.gammavo.resolver.domain;

import java.util.Optional;

/** A remote resolver consulted for names the local catalogues do not know (CDS Sesame in practice). */
public interface Upstream {

    /** Whether an upstream is configured at all. */
    boolean enabled();

    /**
     * Resolves {@code name} remotely.
     *
     * @return the object, or empty when upstream answered "nothing found"
     * @throws RuntimeException when it could not answer (down, slow, circuit open): nothing is cached then
     */
    Optional<SkyObject> resolve(String name);
}
