package org.gammavo.resolver.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class NameNormalizerTest {

    @Test
    void ignoresCaseSpacesAndPrefixSpelling() {
        String k = NameNormalizer.key("HESS J1825-137");
        assertEquals(k, NameNormalizer.key("HESSJ1825-137"));
        assertEquals(k, NameNormalizer.key("  hess j1825-137 "));
        assertEquals(k, NameNormalizer.key("H.E.S.S. J1825-137"));
        assertEquals(NameNormalizer.key("Mrk 421"), NameNormalizer.key("Markarian 421"));
        assertEquals(NameNormalizer.key("M 1"), NameNormalizer.key("Messier 1"));
        assertEquals(NameNormalizer.key("Sgr A*"), NameNormalizer.key("Sagittarius A*"));
        assertEquals(NameNormalizer.key("Galactic Center"), NameNormalizer.key("galactic centre"));
        assertEquals(NameNormalizer.key("Crab Nebula"), NameNormalizer.key("NAME Crab Nebula"));
    }

    @Test
    void keepsWhatTellsNamesApart() {
        assertNotEquals(NameNormalizer.key("J1825-137"), NameNormalizer.key("J1825+137"));
        assertNotEquals(NameNormalizer.key("Sgr A*"), NameNormalizer.key("Sgr A"));
        assertEquals("", NameNormalizer.key("   "));
    }

    @Test
    void isIdempotentSoTopicKeysNormalizeToThemselves() {
        for (String n : new String[]{"HESS J1825-137", "Markarian 421", "NAME Crab", "Galactic Center", "M 1"}) {
            String k = NameNormalizer.key(n);
            assertEquals(k, NameNormalizer.key(k), n);
        }
    }
}
