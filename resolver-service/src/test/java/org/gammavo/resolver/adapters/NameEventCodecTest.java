package org.gammavo.resolver.adapters;

import org.gammavo.resolver.domain.NameEvent;
import org.gammavo.resolver.domain.SkyObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameEventCodecTest {

    static final SkyObject CRAB = new SkyObject("Crab Nebula", 83.63308, 22.0145, List.of("Crab Nebula", "Crab"),
            "curated (gammacat)", "gammacat source_id 25", "pwn", null);

    @Test
    void roundTripsEveryEventWithTypeAndVersion() {
        NameEvent.AliasAdded a = new NameEvent.AliasAdded("My Crab", CRAB, "ops", Instant.parse("2026-01-01T00:00:00Z"));
        String json = NameEventCodec.encode(a);
        assertTrue(json.contains("\"type\":\"AliasAdded\"") && json.contains("\"version\":1"), json);
        assertEquals(a, NameEventCodec.decode("MYCRAB", json));
        assertEquals("MYCRAB", NameEventCodec.key(a));

        NameEvent.UpstreamAnswered none = new NameEvent.UpstreamAnswered("Nowhere", null,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:00Z"));
        assertEquals(none, NameEventCodec.decode("NOWHERE", NameEventCodec.encode(none)));
    }

    @Test
    void recordsOwnersAndStillReadsRecordsWrittenWithoutThem() {
        NameEvent.AliasAdded owned = new NameEvent.AliasAdded("My Crab", CRAB, "alice",
                Instant.parse("2026-01-01T00:00:00Z"), "alice");
        String json = NameEventCodec.encode(owned);
        assertTrue(json.contains("\"owner\":\"alice\""), json);
        assertEquals(owned, NameEventCodec.decode("MYCRAB", json));
        // As the version before owners wrote it (and as it may still sit on the compacted topic).
        String old = "{\"type\":\"AliasAdded\",\"name\":\"My Crab\",\"object\":{\"canonicalName\":\"Crab Nebula\","
                + "\"ra\":83.63308,\"dec\":22.0145,\"names\":[\"Crab Nebula\",\"Crab\"],\"catalogue\":\"curated (gammacat)\","
                + "\"reference\":\"gammacat source_id 25\",\"objectClass\":\"pwn\",\"extension\":null},"
                + "\"addedBy\":\"ops\",\"at\":\"2026-01-01T00:00:00Z\",\"version\":1}";
        NameEvent.AliasAdded read = (NameEvent.AliasAdded) NameEventCodec.decode("MYCRAB", old);
        assertEquals(CRAB, read.object());
        assertEquals("ops", read.addedBy());
        assertNull(read.owner());
    }

    @Test
    void aRemovalIsATombstone() {
        assertNull(NameEventCodec.encode(new NameEvent.AliasRemoved("My Crab")));
        assertEquals(new NameEvent.AliasRemoved("MYCRAB"), NameEventCodec.decode("MYCRAB", null));
    }

    @Test
    void refusesNewerVersionsAndGarbageButIgnoresUnknownFields() {
        assertThrows(IllegalArgumentException.class, () -> NameEventCodec.decode("X",
                "{\"type\":\"AliasAdded\",\"version\":2,\"name\":\"X\"}"));
        assertThrows(IllegalArgumentException.class, () -> NameEventCodec.decode("X", "not json"));
        String withExtra = NameEventCodec.encode(new NameEvent.AliasAdded("X", CRAB, null,
                Instant.parse("2026-01-01T00:00:00Z"))).replace("{", "{\"future\":1,");
        assertEquals("X", NameEventCodec.decode("X", withExtra).name());
    }
}
