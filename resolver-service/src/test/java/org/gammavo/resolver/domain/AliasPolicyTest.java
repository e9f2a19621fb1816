package org.gammavo.resolver.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AliasPolicyTest {

    static final SkyObject VELA = new SkyObject("Vela X", 128.287, -45.19, List.of("Vela X"), "curated", null, "pwn",
            null);
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void ownersAndAdminsChangeAliases() {
        var alices = new NameEvent.AliasAdded("Mine", VELA, "alice", T, "alice");
        assertTrue(AliasPolicy.refusalToChange(alices, "alice", false).isEmpty());
        assertTrue(AliasPolicy.refusalToChange(alices, "bob", false).isPresent());
        assertTrue(AliasPolicy.refusalToChange(alices, "operator", true).isEmpty());
        // A record written before owners were recorded is an admin's alone, whatever its free-text addedBy says.
        var legacy = new NameEvent.AliasAdded("Old", VELA, "bob", T);
        assertTrue(AliasPolicy.refusalToChange(legacy, "bob", false).isPresent());
        assertTrue(AliasPolicy.refusalToChange(legacy, "operator", true).isEmpty());
    }

    @Test
    void catalogueNamesAreForAdmins() {
        Resolution catalogue = new Resolution.Found("Vela X", VELA, Resolution.Origin.CATALOGUE);
        Resolution upstream = new Resolution.Found("NGC 1275", VELA, Resolution.Origin.UPSTREAM);
        Resolution unknown = new Resolution.NotFound("New One", List.of());
        assertTrue(AliasPolicy.refusalToDefine("Vela X", catalogue, Optional.empty(), "alice", false).isPresent());
        assertTrue(AliasPolicy.refusalToDefine("NGC 1275", upstream, Optional.empty(), "alice", false).isPresent());
        assertFalse(AliasPolicy.refusalToDefine("Vela X", catalogue, Optional.empty(), "operator", true).isPresent());
        assertFalse(AliasPolicy.refusalToDefine("New One", unknown, Optional.empty(), "alice", false).isPresent());
    }
}
