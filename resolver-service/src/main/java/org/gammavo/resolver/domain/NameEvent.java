package org.gammavo.resolver.domain;

import java.time.Instant;

/**
 * What replicas tell each other about names, one event per normalized name on the compacted topic
 * {@code resolver.names.v1}: the latest event for a name is its state.
 *
 * <p>Events carry the position itself, not a reference into a catalogue, so a replica started without the shared
 * catalogues answers an operator alias exactly like one that has them.
 */
public sealed interface NameEvent {

    /** The name the event is about, as written; its normalized form is the record key. */
    String name();

    /**
     * A signed-in user made {@code name} resolve to {@code object} (overrides the catalogues).
     *
     * @param addedBy who added it, for display (the owner's name since owners were recorded)
     * @param owner   the authenticated user who may change or remove it (besides an admin); null in records written
     *                before owners were recorded, which only an admin may then change
     */
    record AliasAdded(String name, SkyObject object, String addedBy, Instant at, String owner) implements NameEvent {

        /** An alias without a recorded owner (as older records read). */
        public AliasAdded(String name, SkyObject object, String addedBy, Instant at) {
            this(name, object, addedBy, at, null);
        }
    }

    /** The owner or an admin withdrew the alias {@code name}; published as a tombstone (null value) on the topic. */
    record AliasRemoved(String name) implements NameEvent {
    }

    /**
     * Upstream Sesame answered for {@code name}: {@code object} is null when it found nothing (negative cache).
     * Valid until {@code expiresAt}; after that the next request asks upstream again.
     */
    record UpstreamAnswered(String name, SkyObject object, Instant fetchedAt, Instant expiresAt)
            implements NameEvent {
    }
}
