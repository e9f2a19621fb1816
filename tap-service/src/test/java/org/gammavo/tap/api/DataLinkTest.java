package org.gammavo.tap.api;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DataLink document, file downloads, preview and the event-list cutout. */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class DataLinkTest {

    private static final String BUNDLE = "ivo://gammavo.org/hess-dl3-dr1?23523";

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "gammavo.tap.results-dir")
    String resultsDir;

    @Test
    void linksOfABundle() {
        String v = given().queryParam("ID", BUNDLE).when().get("/datalink").then().statusCode(200)
                .contentType(containsString("content=datalink")).extract().asString();
        for (String s : new String[] {"#this", "#calibration", "#preview", "#cutout", "<TD>aeff</TD>", "<TD>bkgrate</TD>",
                "utype=\"adhoc:service\"", "/files/hess-dl3-dr1/23523/psf"}) {
            assertTrue(v.contains(s), s + " missing in " + v);
        }
        // the cutout descriptor's ID parameter refers to the ID FIELD; the document is well-formed XML
        assertTrue(v.matches("(?s).*<FIELD[^>]*ID=\"ID\"[^>]*name=\"ID\".*"), v);
        assertTrue(v.contains("ref=\"ID\""), v);
        assertTrue(v.contains("value=\"ivo://ivoa.net/std/SODA#sync-1.0\""), v);
        try {
            javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + e.getMessage() + "\n" + v, e);
        }
        given().queryParam("ID", "ivo://gammavo.org/none?1").when().get("/datalink").then().statusCode(200)
                .body(containsString("NotFoundFault"));
        given().when().get("/datalink").then().statusCode(400);
    }

    @Test
    void filesPreviewAndCutout() throws Exception {
        byte[] irf = given().when().get("/files/hess-dl3-dr1/23523/edisp").then().statusCode(200).extract().asByteArray();
        assertEquals(List.of("EDISP"), extnames(irf));
        given().when().get("/files/hess-dl3-dr1/23523").then().statusCode(200).header("Content-Disposition", containsString("023523"));
        byte[] png = given().when().get("/preview/hess-dl3-dr1/23523.png").then().statusCode(200).extract().asByteArray();
        assertEquals((byte) 0x89, png[0]);
        java.nio.file.Path cached = java.nio.file.Path.of(resultsDir, "previews", "hess-dl3-dr1", "23523.png");
        assertTrue(java.nio.file.Files.isRegularFile(cached), "the preview is kept after the first request");
        var made = java.nio.file.Files.getLastModifiedTime(cached);
        byte[] again = given().when().get("/preview/hess-dl3-dr1/23523.png").then().statusCode(200).extract().asByteArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(png, again);
        assertEquals(made, java.nio.file.Files.getLastModifiedTime(cached), "served from the cache, not made again");
        byte[] cut = given().queryParam("ID", BUNDLE).queryParam("POS", "CIRCLE 83.633 22.0145 0.3").queryParam("ENERGY", "1 100")
                .when().get("/cutout").then().statusCode(200).extract().asByteArray();
        assertEquals(List.of("EVENTS", "GTI", "AEFF", "EDISP", "PSF", "BKG"), extnames(cut));
        try (Fits f = new Fits(new ByteArrayInputStream(cut))) {
            f.read();
            BinaryTableHDU ev = (BinaryTableHDU) f.getHDU(1);
            int n = ev.getData().getNRows();
            assertTrue(n > 100 && n < 300, "events kept: " + n);
            float[] e = (float[]) ev.getData().getColumn(ev.findColumn("ENERGY"));
            for (float x : e) assertTrue(x >= 1 && x <= 100);
            assertEquals(23523, ev.getHeader().getIntValue("OBS_ID"));
        }
        given().queryParam("ID", BUNDLE).queryParam("POS", "BOX 1 2").when().get("/cutout").then().statusCode(400)
                .body(containsString("POS"));
        given().queryParam("ID", BUNDLE).queryParam("CIRCLE", "83.6 22").when().get("/cutout").then().statusCode(400)
                .body(containsString("CIRCLE must be"));
        given().queryParam("ID", BUNDLE).queryParam("CIRCLE", "83.6 22 1").queryParam("POS", "CIRCLE 83.6 22 1").when()
                .get("/cutout").then().statusCode(400).body(containsString("POS or CIRCLE"));
        given().queryParam("ID", BUNDLE).queryParam("TIME", "later sooner").when().get("/cutout").then().statusCode(400)
                .body(containsString("TIME"));
    }

    @Test
    void linksByPostForManyIds() {
        String v = given().formParam("ID", BUNDLE).formParam("ID", "ivo://gammavo.org/none?1").when().post("/datalink").then()
                .statusCode(200).contentType(containsString("content=datalink")).extract().asString();
        assertTrue(v.contains("/files/hess-dl3-dr1/23523/psf"), v);
        assertTrue(v.contains("NotFoundFault: no dataset ivo://gammavo.org/none?1"), v);
    }

    @Test
    void queryResultsCarryADataLinkServiceDescriptor() {
        String v = given().queryParam("LANG", "ADQL").queryParam("RESPONSEFORMAT", "votable/td")
                .queryParam("QUERY", "SELECT obs_id, obs_publisher_did FROM ivoa.obscore WHERE obs_id = '23523'")
                .when().get("/sync").then().statusCode(200).extract().asString();
        assertTrue(v.matches("(?s).*<FIELD[^>]*ID=\"obs_publisher_did\"[^>]*name=\"obs_publisher_did\".*"), v);
        assertTrue(v.contains("utype=\"adhoc:service\""), v);
        assertTrue(v.contains("value=\"ivo://ivoa.net/std/DataLink#links-1.1\""), v);
        assertTrue(v.matches("(?s).*name=\"accessURL\"[^>]*value=\"http://[^\"]+/tap/datalink\".*"), v);
        assertTrue(v.contains("ref=\"obs_publisher_did\""), v);
        // without the column there is nothing to link
        String w = given().queryParam("LANG", "ADQL").queryParam("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore")
                .when().get("/sync").then().statusCode(200).extract().asString();
        assertTrue(!w.contains("adhoc:service"), w);
    }

    @Test
    void timeCutoutTrimsTheGti() throws Exception {
        String csv = given().queryParam("LANG", "ADQL").queryParam("RESPONSEFORMAT", "csv")
                .queryParam("QUERY", "SELECT t_min, t_max FROM ivoa.obscore WHERE obs_publisher_did = '" + BUNDLE + "'")
                .when().get("/sync").then().statusCode(200).extract().asString();
        String[] t = csv.split("\r\n")[1].split(",");
        double tMin = Double.parseDouble(t[0]), tMax = Double.parseDouble(t[1]);
        double from = tMin + (tMax - tMin) / 4, to = tMin + (tMax - tMin) * 3 / 4;
        byte[] cut = given().queryParam("ID", BUNDLE).queryParam("TIME", from + " " + to)
                .when().get("/cutout").then().statusCode(200).extract().asByteArray();
        try (Fits f = new Fits(new ByteArrayInputStream(cut))) {
            f.read();
            BinaryTableHDU ev = (BinaryTableHDU) f.getHDU(1);
            BinaryTableHDU gti = (BinaryTableHDU) f.getHDU(2);
            assertEquals("GTI", gti.getHeader().getStringValue("EXTNAME").trim());
            double ref = gti.getHeader().getDoubleValue("MJDREFI") + gti.getHeader().getDoubleValue("MJDREFF");
            double[] start = (double[]) gti.getData().getColumn(gti.findColumn("START"));
            double[] stop = (double[]) gti.getData().getColumn(gti.findColumn("STOP"));
            double on = 0;
            for (int i = 0; i < start.length; i++) {
                assertTrue(start[i] >= (from - ref) * 86400 - 1e-3 && stop[i] <= (to - ref) * 86400 + 1e-3, "GTI inside the range");
                on += stop[i] - start[i];
            }
            // the run is one continuous GTI in H.E.S.S. DR1: half of it is left
            assertEquals((to - from) * 86400, on, 1e-2);
            assertEquals(on, ev.getHeader().getDoubleValue("ONTIME"), 1e-6);
            double deadc = ev.getHeader().getDoubleValue("DEADC");
            assertEquals(on * deadc, ev.getHeader().getDoubleValue("LIVETIME"), 1e-6);
            double evRef = ev.getHeader().getDoubleValue("MJDREFI") + ev.getHeader().getDoubleValue("MJDREFF");
            double[] time = (double[]) ev.getData().getColumn(ev.findColumn("TIME"));
            assertTrue(time.length > 0);
            for (double x : time) assertTrue(evRef + x / 86400 >= from && evRef + x / 86400 <= to);
        }
    }

    private static List<String> extnames(byte[] fits) throws Exception {
        List<String> out = new ArrayList<>();
        try (Fits f = new Fits(new ByteArrayInputStream(fits))) {
            BasicHDU<?> h;
            while ((h = f.readHDU()) != null) if (h.getHeader().getStringValue("EXTNAME") != null) out.add(h.getHeader().getStringValue("EXTNAME").trim());
        }
        return out;
    }
}
