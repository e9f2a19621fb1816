package org.gammavo.tap.adapters;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.gammavo.stack.testing.PlatformTestResource;
import org.gammavo.tap.domain.EventSelection;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingestion against the index files read independently (astropy-free: nom-tam directly on the obs-index), its
 * idempotency, and a cone query against an independent angular-distance computation.
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class IngestionTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    IngestionService ingestion;

    @Test
    void obscoreEqualsTheObsIndex() throws Exception {
        try (Fits f = new Fits(new File("demo-data/hess-dl3-dr1/obs-index.fits.gz"));
             Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT o.*, h.energy_min, h.energy_max, h.ev_xel FROM ivoa.obscore o "
                     + "JOIN ivoa.obscore_hea h USING (obs_publisher_did) WHERE obs_publisher_did = ?")) {
            f.readHDU();
            BinaryTableHDU t = (BinaryTableHDU) f.readHDU();
            double mjdRef = t.getHeader().getDoubleValue("MJDREFI") + t.getHeader().getDoubleValue("MJDREFF");
            for (int i = 0; i < t.getNRows(); i++) {
                long obsId = (long) num(t, i, "OBS_ID");
                ps.setString(1, "ivo://gammavo.org/hess-dl3-dr1?" + obsId);
                try (ResultSet r = ps.executeQuery()) {
                    assertTrue(r.next(), "row for " + obsId);
                    assertEquals(num(t, i, "RA_PNT"), r.getDouble("s_ra"), 1e-9);
                    assertEquals(num(t, i, "DEC_PNT"), r.getDouble("s_dec"), 1e-9);
                    assertEquals(mjdRef + num(t, i, "TSTART") / 86400, r.getDouble("t_min"), 1e-6);
                    assertEquals(mjdRef + num(t, i, "TSTOP") / 86400, r.getDouble("t_max"), 1e-6);
                    assertEquals(num(t, i, "LIVETIME"), r.getDouble("t_exptime"), 1e-3);
                    assertEquals(num(t, i, "SAFE_ENERGY_LO") * 1e12, r.getDouble("energy_min"), 1e-3 * r.getDouble("energy_min"));
                    assertEquals(1.239841984332e-6 / (num(t, i, "SAFE_ENERGY_HI") * 1e12), r.getDouble("em_min"), 1e-9 * r.getDouble("em_min"));
                    assertEquals(num(t, i, "EVENT_COUNT"), r.getLong("ev_xel"), 0);
                    assertEquals("hea-event-bundle", r.getString("dataproduct_type"));
                    assertEquals("Crab Nebula", r.getString("target_name"));
                    assertEquals(5.0, r.getDouble("s_fov"));
                }
            }
        }
    }

    private static double num(BinaryTableHDU t, int row, String col) throws Exception {
        Object v = t.getData().getElement(row, t.findColumn(col));
        return ((Number) java.lang.reflect.Array.get(v, 0)).doubleValue();
    }

    @Test
    void reingestionUpdatesWithoutDuplicates() throws Exception {
        long before = count();
        var report = ingestion.ingest(true);
        assertTrue(report.collections().get("hess-dl3-dr1").startsWith("4 observations"), report.toString());
        assertEquals(before, count());
        assertEquals(20, before);
        assertEquals("unchanged", ingestion.ingest(false).collections().get("hess-dl3-dr1"));
    }

    private long count() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (SELECT COUNT(*) FROM ivoa.obscore) + 0 * (SELECT COUNT(*) FROM ivoa.obscore_hea), "
                     + "(SELECT COUNT(*) FROM ivoa.obscore_hea)")) {
            r.next();
            assertEquals(r.getLong(1), r.getLong(2));
            return r.getLong(1);
        }
    }

    @Test
    void coneQueryMatchesAnIndependentDistanceComputation() throws Exception {
        double ra = 83.633, dec = 21.514, radius = 0.2;
        Map<String, double[]> all = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT obs_id, s_ra, s_dec FROM ivoa.obscore WHERE dataproduct_type = 'hea-event-bundle'")) {
            while (r.next()) all.put(r.getString(1), new double[] {r.getDouble(2), r.getDouble(3)});
        }
        TreeSet<String> expected = new TreeSet<>();
        all.forEach((id, p) -> {
            if (EventSelection.angularDistance(ra, dec, p[0], p[1]) <= radius) expected.add(id);
        });
        assertTrue(!expected.isEmpty() && expected.size() < all.size(), "the cone should split the sample: " + expected);
        String csv = given().formParam("LANG", "ADQL").formParam("RESPONSEFORMAT", "csv")
                .formParam("QUERY", "SELECT obs_id FROM ivoa.obscore WHERE dataproduct_type = 'hea-event-bundle' AND "
                        + "1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', " + ra + ", " + dec + ", " + radius + "))")
                .when().post("/sync").then().statusCode(200).extract().asString();
        TreeSet<String> got = new TreeSet<>(csv.lines().skip(1).toList());
        assertEquals(expected, got);
    }
}
