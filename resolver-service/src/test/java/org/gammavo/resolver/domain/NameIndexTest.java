package org.gammavo.resolver.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameIndexTest {

    static final SkyObject CRAB = new SkyObject("Crab Nebula", 83.63308, 22.0145,
            List.of("Crab Nebula", "Crab", "M 1"), "gammacat", "gammacat source_id 25", "pwn", null);
    static final SkyObject J1825 = new SkyObject("HESS J1825-137", 276.5544, -13.58004,
            List.of("HESS J1825-137"), "gammacat", "gammacat source_id 118", "pwn", 0.24);
    static final SkyObject J1825_HGPS = new SkyObject("HESS J1825-137", 276.26, -13.97,
            List.of("HESS J1825-137", "PSR J1826-1334"), "HGPS", "HGPS HESS J1825-137", "PWN", 0.46);
    static final SkyObject MRK421 = new SkyObject("Mrk 421", 166.11382, 38.20883,
            List.of("Mrk 421", "Markarian 421"), "gammacat", null, "hbl", null);
    static final SkyObject MRK501 = new SkyObject("Mrk 501", 253.46758, 39.76017,
            List.of("Mrk 501"), "gammacat", null, "hbl", null);

    final NameIndex index = NameIndex.of(List.of(CRAB, J1825, J1825_HGPS, MRK421, MRK501));

    @Test
    void exactMatchIgnoresSpellingVariants() {
        assertEquals(CRAB, index.lookup("crab").orElseThrow());
        assertEquals(CRAB, index.lookup("M1").orElseThrow());
        assertEquals(J1825, index.lookup("hess j1825-137").orElseThrow());
        assertEquals(MRK421, index.lookup("markarian421").orElseThrow());
        assertFalse(index.lookup("Crab Pulsar").isPresent());
    }

    @Test
    void earlierSourceWinsASharedNameButLaterNamesStillCount() {
        assertEquals("gammacat", index.lookup("HESS J1825-137").orElseThrow().catalogue());
        assertEquals("HGPS", index.lookup("PSR J1826-1334").orElseThrow().catalogue());
    }

    @Test
    void nearMissesAreSuggestedBestFirst() {
        List<Suggestion> s = index.nearMisses("Mrk 412", 5);
        assertEquals(MRK421, s.get(0).object());
        assertTrue(s.get(0).score() >= 0.6);
        assertTrue(index.nearMisses("Quasar nowhere", 5).isEmpty());
        assertEquals(J1825, index.nearMisses("HESS J1852-137", 5).get(0).object());
    }

    @Test
    void typeAheadGivesPrefixMatchesOncePerObject() {
        List<Suggestion> s = index.suggest("mrk", 10);
        assertEquals(List.of(MRK421, MRK501), s.stream().map(Suggestion::object).toList());
        assertEquals(CRAB, index.suggest("cra", 3).get(0).object());
        assertTrue(index.suggest(" ", 3).isEmpty());
    }
}
