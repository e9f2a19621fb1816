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

    @Test
    void linksOfABundle() {
        String v = given().queryParam("ID", BUNDLE).when().get("/datalink").then().statusCode(200)
                .contentType(containsString("content=datalink")).extract().asString();
        for (String s : new String[] {"#this", "#calibration", "#preview", "#cutout", "<TD>aeff</TD>", "<TD>bkgrate</TD>",
                "utype=\"adhoc:service\"", "/files/hess-dl3-dr1/23523/psf"}) {
            assertTrue(v.contains(s), s + " missing in " + v);
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
