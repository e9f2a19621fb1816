package org.gammavo.tap.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain JUnit for the domain rules: ObsCore mapping physics, TAP parameters, formats, cutout selection. */
class DomainRulesTest {

    private static Dl3Observation obs(Double safeLo, Double safeHi) {
        var file = new Dl3Observation.HduRef("/d/x.fits", "EVENTS", 2048);
        return new Dl3Observation("magic", 5029747, 83.98333, 22.24389, 333778852.435217, 333780040.546979, 52706.0, "UTC",
                1178.066, "CrabNebula", 11189, safeLo, safeHi, 0.0106, 47.1, "MAGIC", "MAGIC stereo", "POINTING", null, null,
                List.of(new double[] {333778852.435217, 333780040.546979}), file,
                List.of(new Dl3Observation.Irf("aeff", new Dl3Observation.HduRef("/d/x.fits", "EFFECTIVE AREA", 2048))));
    }

    @Test
    void mappingPhysics() {
        List<ObsCoreMapper.Rows> rows = ObsCoreMapper.map(obs(null, null), Collection.of("magic"), "http://h/tap");
        assertEquals(2, rows.size());
        Map<String, Object> b = rows.get(0).obscore();
        assertEquals("ivo://gammavo.org/magic?5029747", rows.get(0).publisherDid());
        assertEquals("ivo://gammavo.org/magic?5029747/aeff", rows.get(1).publisherDid());
        assertEquals("hea-event-bundle", b.get("dataproduct_type"));
        assertEquals(52706.0 + 333778852.435217 / 86400, (double) b.get("t_min"), 1e-9);
        assertEquals(1.239841984332e-6 / 47.1e12, (double) b.get("em_min"), 1e-30);
        assertEquals(1.239841984332e-6 / 0.0106e12, (double) b.get("em_max"), 1e-25);
        assertEquals(0.0106e12, (double) rows.get(0).hea().get("energy_min"), 1);
        assertEquals(3.5, (double) b.get("s_fov"));
        assertEquals("Circle ICRS 83.983330000 22.243890000 1.750000", b.get("s_region"));
        assertEquals(2L, b.get("access_estsize"));
        assertEquals("response-function", rows.get(1).obscore().get("dataproduct_type"));
        assertNull(rows.get(1).hea().get("ev_xel"));
        assertEquals("on-source", rows.get(0).hea().get("scan_mode"));
        // the safe energy range wins over the event range
        assertEquals(0.5e12, (double) ObsCoreMapper.map(obs(0.5, 30.0), Collection.of("magic"), "x").get(0).hea().get("energy_min"), 1);
    }

    @Test
    void tapParameters() throws Exception {
        TapRequest r = TapRequest.of(Map.of("lang", "ADQL-2.0", "Query", "SELECT 1", "format", "csv", "MAXREC", "99999999",
                "UPLOAD", "a,param:x;b,https://h/t.xml"), 100, 1000);
        assertEquals(1000, r.maxrec());
        assertEquals(ResultFormat.CSV, r.format());
        assertEquals(2, r.uploads().size());
        assertThrows(TapRequest.InvalidRequest.class, () -> TapRequest.of(Map.of("LANG", "ADQL", "QUERY", "x", "UPLOAD", "1a,param:x"), 1, 1));
        assertThrows(TapRequest.InvalidRequest.class, () -> TapRequest.of(Map.of("LANG", "ADQL", "QUERY", "x", "UPLOAD", "a,file:/etc/passwd"), 1, 1));
        assertThrows(TapRequest.InvalidRequest.class, () -> TapRequest.of(Map.of("LANG", "ADQL", "QUERY", "x", "VERSION", "2.0"), 1, 1));
        assertEquals(ResultFormat.VOTABLE_TABLEDATA, ResultFormat.parse("application/x-votable+xml; serialization=TABLEDATA"));
        assertEquals(ResultFormat.VOTABLE_BINARY2, ResultFormat.parse(null));
    }

    @Test
    void eventSelection() {
        EventSelection s = EventSelection.parse("CIRCLE 83.63 22.01 0.5", null, "1 10", "-Inf +Inf");
        assertTrue(s.accepts(83.63, 22.3, 2, 53000));
        assertFalse(s.accepts(83.63, 22.6, 2, 53000));
        assertFalse(s.accepts(83.63, 22.01, 20, 53000));
        EventSelection band = EventSelection.parse(null, "1.239841984332e-19 1.239841984332e-18", null, null);
        assertEquals(1.0, band.eMinTeV(), 1e-9);
        assertEquals(10.0, band.eMaxTeV(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> EventSelection.parse("BOX 1 2 3 4", null, null, null));
        assertEquals(1.0, EventSelection.angularDistance(10, 0, 11, 0), 1e-12);
    }
}
