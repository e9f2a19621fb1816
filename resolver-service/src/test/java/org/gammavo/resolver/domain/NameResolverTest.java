package org.gammavo.resolver.domain;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resolution order and the upstream cache, with a fake upstream (the only fake: this class's one boundary). */
class NameResolverTest {

    static final SkyObject REMOTE = new SkyObject("NGC 1275", 49.95, 41.51, List.of("NGC 1275", "Perseus A"),
            "Sesame", "Sesame S=Simbad", "Sy2", null);

    /** Counts calls; answers NGC 1275, "nothing" for others, or fails when told to. */
    static final class FakeUpstream implements Upstream {
        int calls;
        boolean failing;

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Optional<SkyObject> resolve(String name) {
            calls++;
            if (failing) {
                throw new IllegalStateException("down");
            }
            return NameNormalizer.key(name).equals("NGC1275") ? Optional.of(REMOTE) : Optional.empty();
        }
    }

    final FakeUpstream upstream = new FakeUpstream();
    final List<NameEvent> published = new ArrayList<>();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    final NameResolver resolver = new NameResolver(NameIndex.of(List.of(NameIndexTest.CRAB, NameIndexTest.MRK421)),
            upstream, published::add, clock, Duration.ofHours(24), Duration.ofHours(1));

    @Test
    void localNamesNeverAskUpstream() {
        Resolution r = resolver.resolve("crab");
        assertEquals(Resolution.Origin.CATALOGUE, ((Resolution.Found) r).origin());
        assertEquals(0, upstream.calls);
    }

    @Test
    void upstreamAnswersAreCachedAndPublishedUntilTheyExpire() {
        assertEquals(REMOTE, ((Resolution.Found) resolver.resolve("NGC 1275")).object());
        assertEquals(REMOTE, ((Resolution.Found) resolver.resolve("ngc1275")).object());
        assertEquals(1, upstream.calls);
        assertInstanceOf(NameEvent.UpstreamAnswered.class, published.get(0));
        now = now.plus(Duration.ofHours(25));
        resolver.resolve("NGC 1275");
        assertEquals(2, upstream.calls);
    }

    @Test
    void nothingFoundIsCachedForTheNegativeTtl() {
        assertInstanceOf(Resolution.NotFound.class, resolver.resolve("Nowhere 1"));
        assertInstanceOf(Resolution.NotFound.class, resolver.resolve("Nowhere 1"));
        assertEquals(1, upstream.calls);
        now = now.plus(Duration.ofMinutes(61));
        resolver.resolve("Nowhere 1");
        assertEquals(2, upstream.calls);
    }

    @Test
    void failuresAreNotCached() {
        upstream.failing = true;
        assertInstanceOf(Resolution.NotFound.class, resolver.resolve("NGC 1275"));
        upstream.failing = false;
        assertInstanceOf(Resolution.Found.class, resolver.resolve("NGC 1275"));
        assertEquals(2, upstream.calls);
    }

    @Test
    void operatorAliasesOverrideAndCanBeWithdrawn() {
        resolver.addAlias("My Favourite", NameIndexTest.MRK421, "ops");
        Resolution.Found f = (Resolution.Found) resolver.resolve("my favourite");
        assertEquals(Resolution.Origin.OPERATOR_ALIAS, f.origin());
        assertEquals(166.11382, f.object().ra());
        assertEquals("My Favourite", resolver.suggest("my fav", 5).get(0).name());
        assertTrue(resolver.removeAlias("MY FAVOURITE"));
        assertEquals(2, published.size());
        assertInstanceOf(NameEvent.AliasRemoved.class, published.get(1));
    }

    @Test
    void aRefusedPublicationLeavesNoLocalAlias() {
        NameResolver strict = new NameResolver(NameIndex.of(List.of()), upstream, e -> {
            throw new IllegalStateException("broker down");
        }, clock, Duration.ofHours(1), Duration.ofHours(1));
        assertThrows(IllegalStateException.class, () -> strict.addAlias("X", NameIndexTest.CRAB, null));
        assertTrue(strict.aliases().isEmpty());
    }

    @Test
    void unknownNamesGetSuggestions() {
        upstream.failing = true;
        Resolution.NotFound nf = (Resolution.NotFound) resolver.resolve("Mrk 412");
        assertEquals("Mrk 421", nf.suggestions().get(0).name());
    }
}
