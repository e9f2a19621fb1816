package org.gammavo.resolver.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SesameQueryTest {

    @Test
    void readsTheCdsForms() {
        SesameQuery q = SesameQuery.parse("-oxI/~SNV", "M%201&Mrk+421");
        assertTrue(q.xml());
        assertTrue(q.identifiers());
        assertEquals("SNV", q.databases());
        assertEquals(List.of("M 1", "Mrk+421"), q.names());
        SesameQuery astropy = SesameQuery.parse("A", "HESS%20J1825-137");
        assertFalse(astropy.xml());
        assertEquals(List.of("HESS J1825-137"), astropy.names());
        assertEquals("A", SesameQuery.parse("", "Crab").databases());
        assertTrue(SesameQuery.parse("-ox2p/S", "Crab").xml());
    }

    @Test
    void refusesMalformedRequestsWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> SesameQuery.parse("-oz/A", "Crab"));
        assertThrows(IllegalArgumentException.class, () -> SesameQuery.parse("Q", "Crab"));
        assertThrows(IllegalArgumentException.class, () -> SesameQuery.parse("A", null));
        assertThrows(IllegalArgumentException.class, () -> SesameQuery.parse("A", "%20&"));
        assertThrows(IllegalArgumentException.class, () -> SesameQuery.parse("A", "bad%zz"));
    }

    @Test
    void sexagesimalCarriesRounding() {
        assertEquals("05:34:31.94 +22:00:52.2", Sexagesimal.of(83.63308, 22.0145));
        assertEquals("18:26:13.06 -13:34:48.1", Sexagesimal.of(276.5544, -13.58004));
        assertEquals("00:00:00.00 -00:00:00.4", Sexagesimal.of(359.9999999999, -0.0001));
    }
}
