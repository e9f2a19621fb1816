package org.gammavo.tap.api;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TAP 1.1 sync, VOSI and DALI behaviour over HTTP, on the demo data (4 H.E.S.S. Crab runs). */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class TapSyncTest {

    private static String csv(String query) {
        return given().formParam("LANG", "ADQL").formParam("QUERY", query).formParam("RESPONSEFORMAT", "csv")
                .when().post("/sync").then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
    }

    /** Results longer than the first block are read ahead on another thread: every row exactly once, OVERFLOW kept. */
    @Test
    void largeResultsArriveWholeThroughTheReadAhead() {
        String cross = "FROM ivoa.obscore AS a, ivoa.obscore AS b, ivoa.obscore AS c";
        long n = Long.parseLong(csv("SELECT COUNT(*) AS n " + cross).split("\r\n")[1]);
        assertTrue(n > 5000, "the demo cross join is large enough: " + n);
        String[] lines = csv("SELECT a.obs_publisher_did AS x, b.obs_publisher_did AS y, c.obs_publisher_did AS z " + cross)
                .split("\r\n");
        assertEquals(n + 1, lines.length);
        // every triple exactly once: a row lost, repeated or overwritten at a block boundary breaks this
        assertEquals(n, new java.util.HashSet<>(java.util.Arrays.asList(lines).subList(1, lines.length)).size());
        String v = given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT a.obs_id " + cross).formParam("MAXREC", "3000")
                .formParam("RESPONSEFORMAT", "votable/td").when().post("/sync").then().statusCode(200).extract().asString();
        assertEquals(3000, v.split("<TR>", -1).length - 1);
        assertTrue(v.contains("value=\"OVERFLOW\""));
    }

    @Test
    void syncGetAndPostReturnTheDemoObservations() {
        String body = csv("SELECT obs_id FROM ivoa.obscore WHERE dataproduct_type = 'hea-event-bundle' ORDER BY obs_id");
        assertEquals("obs_id\r\n23523\r\n23526\r\n23559\r\n23592\r\n", body);
        given().queryParam("LANG", "ADQL").queryParam("QUERY", "SELECT COUNT(*) AS n FROM ivoa.obscore")
                .queryParam("RESPONSEFORMAT", "json")
                .when().get("/sync").then().statusCode(200).body("data[0][0]", equalTo(20)).body("query_status", equalTo("OK"));
    }

    @Test
    void votableFormatsCarryTheColumnMetadata() {
        for (String f : new String[] {"votable", "votable/td", "votable/b2", "application/x-votable+xml"}) {
            String v = given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT TOP 1 s_ra, s_circle, access_estsize FROM ivoa.obscore")
                    .formParam("RESPONSEFORMAT", f).when().post("/sync").then().statusCode(200)
                    .contentType(startsWith("application/x-votable+xml")).extract().asString();
            assertTrue(v.contains("<INFO name=\"QUERY_STATUS\" value=\"OK\"/>"), v);
            assertTrue(v.contains("arraysize=\"3\" datatype=\"double\" name=\"s_circle\"") && v.contains("xtype=\"circle\""), v);
            assertTrue(v.contains("datatype=\"long\" name=\"access_estsize\""), v);
            assertTrue(v.contains(f.equals("votable/td") ? "<TABLEDATA>" : "<BINARY2>"), v);
        }
        String tsv = given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT TOP 1 obs_id, s_fov FROM ivoa.obscore")
                .formParam("FORMAT", "tsv").when().post("/sync").then().statusCode(200).extract().asString();
        assertEquals("obs_id\ts_fov", tsv.lines().findFirst().orElseThrow());
    }

    @Test
    void maxrecFlagsOverflowAfterTheTable() {
        String v = given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT obs_id FROM ivoa.obscore").formParam("MAXREC", "3")
                .formParam("RESPONSEFORMAT", "votable/td").when().post("/sync").then().statusCode(200).extract().asString();
        assertEquals(3, v.split("<TR>", -1).length - 1);
        assertTrue(v.indexOf("value=\"OVERFLOW\"") > v.indexOf("</TABLE>"), v);
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT obs_id FROM ivoa.obscore").formParam("MAXREC", "0")
                .formParam("RESPONSEFORMAT", "json").when().post("/sync").then().statusCode(200)
                .body("data", hasSize(0)).body("query_status", equalTo("OVERFLOW"));
    }

    @Test
    void badRequestsGetDaliErrorsWith400() {
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELEKT * FROM ivoa.obscore").when().post("/sync")
                .then().statusCode(400).contentType(startsWith("application/x-votable+xml"))
                .body(containsString("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">")).body(not(containsString("Exception")));
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT nope FROM ivoa.obscore").when().post("/sync")
                .then().statusCode(400).body(containsString("nope"));
        given().formParam("LANG", "SQL").formParam("QUERY", "SELECT 1").when().post("/sync")
                .then().statusCode(400).body(containsString("unsupported LANG"));
        given().formParam("QUERY", "SELECT 1").when().post("/sync").then().statusCode(400).body(containsString("LANG"));
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT * FROM ivoa.obscore").formParam("MAXREC", "-1")
                .when().post("/sync").then().statusCode(400).body(containsString("MAXREC"));
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT * FROM ivoa.obscore").formParam("RESPONSEFORMAT", "fits/x")
                .when().post("/sync").then().statusCode(400).body(containsString("RESPONSEFORMAT"));
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT 1/0 AS x FROM ivoa.obscore").when().post("/sync")
                .then().statusCode(400).body(containsString("QUERY_STATUS"));
        given().formParam("REQUEST", "getCapabilities").formParam("LANG", "ADQL").formParam("QUERY", "SELECT 1").when().post("/sync")
                .then().statusCode(400).body(containsString("REQUEST"));
    }

    @Test
    void parameterNamesAreCaseInsensitive() {
        given().queryParam("lang", "ADQL").queryParam("query", "SELECT TOP 1 obs_id FROM ivoa.obscore").queryParam("responseformat", "csv")
                .when().get("/sync").then().statusCode(200).contentType(startsWith("text/csv"));
    }

    @Test
    void inlineUploadJoinsWithObsCore() {
        String votable = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
                + "<FIELD name=\"id\" datatype=\"int\"/><FIELD name=\"ra\" datatype=\"double\"/><FIELD name=\"dec\" datatype=\"double\"/>"
                + "<DATA><TABLEDATA><TR><TD>1</TD><TD>83.633</TD><TD>22.0145</TD></TR><TR><TD>2</TD><TD>329.717</TD><TD>-30.2256</TD></TR>"
                + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        String body = given().multiPart("LANG", "ADQL").multiPart("RESPONSEFORMAT", "csv")
                .multiPart("QUERY", "SELECT u.id, o.obs_id FROM TAP_UPLOAD.t AS u JOIN ivoa.obscore AS o "
                        + "ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', u.ra, u.dec, 2.5)) "
                        + "WHERE o.dataproduct_type = 'hea-event-bundle' ORDER BY o.obs_id")
                .multiPart("UPLOAD", "t,param:tab").multiPart("tab", "t.xml", votable.getBytes(), "application/x-votable+xml")
                .when().post("/sync").then().statusCode(200).extract().asString();
        assertEquals("id,obs_id\r\n1,23523\r\n1,23526\r\n1,23559\r\n1,23592\r\n", body);
        String withTime = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
                + "<FIELD name=\"t\" datatype=\"char\" arraysize=\"*\" xtype=\"timestamp\"/><FIELD name=\"s\" datatype=\"char\" arraysize=\"*\"/>"
                + "<DATA><TABLEDATA><TR><TD>2004-12-04T22:08:10.184Z</TD><TD>a,b</TD></TR><TR><TD>2020-01-01</TD><TD/></TR>"
                + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        String v = given().multiPart("LANG", "ADQL").multiPart("RESPONSEFORMAT", "votable/td").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.x")
                .multiPart("UPLOAD", "x,param:x").multiPart("x", "x.xml", withTime.getBytes(), "text/xml")
                .when().post("/sync").then().statusCode(200).extract().asString();
        assertTrue(v.contains("xtype=\"timestamp\"") && v.contains("<TD>2004-12-04T22:08:10.184</TD>")
                && v.contains("<TD>2020-01-01T00:00:00</TD>"), v);
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.t").multiPart("UPLOAD", "t,param:missing")
                .when().post("/sync").then().statusCode(400).body(containsString("missing"));
    }

    @Test
    void tapSchemaDescribesThePublishedTables() {
        String cols = csv("SELECT column_name, datatype, arraysize, xtype, unit, ucd, principal, std FROM TAP_SCHEMA.columns "
                + "WHERE table_name = 'ivoa.obscore' AND column_name IN ('s_ra', 's_region', 'access_estsize') ORDER BY column_name");
        assertEquals("column_name,datatype,arraysize,xtype,unit,ucd,principal,std\r\n"
                + "access_estsize,long,,,kbyte,phys.size;meta.file,1,1\r\n"
                + "s_ra,double,,,deg,pos.eq.ra,1,1\r\n"
                + "s_region,char,*,adql:REGION,,pos.outline;obs.field,0,1\r\n", cols);
        String tables = csv("SELECT table_name FROM TAP_SCHEMA.tables ORDER BY table_index");
        assertTrue(tables.contains("ivoa.obscore_hea") && tables.contains("TAP_SCHEMA.key_columns"), tables);
        assertTrue(csv("SELECT column_name FROM TAP_SCHEMA.columns WHERE table_name = 'TAP_SCHEMA.columns'").contains("\"\"\"size\"\"\""));
    }

    @Test
    void naturalJoinPairsObsCoreWithTheHighEnergyExtension() {
        String body = csv("SELECT dataproduct_subtype, ev_xel, energy_min, messenger FROM ivoa.obscore NATURAL JOIN ivoa.obscore_hea "
                + "WHERE obs_id = '23523' ORDER BY dataproduct_subtype");
        assertEquals(6, body.lines().count(), body);
        assertTrue(body.contains(",photon") && body.lines().anyMatch(l -> l.startsWith("aeff,,")), body);
    }

    @Test
    void vosiEndpoints() {
        given().when().get("/capabilities").then().statusCode(200)
                .body(containsString("standardID=\"ivo://ivoa.net/std/TAP\"")).body(containsString("ObsCore#core-1.1"))
                .body(containsString("upload-inline"));
        given().when().get("/tables").then().statusCode(200).body(containsString("<name>ivoa.obscore_hea</name>"))
                .body(containsString("<name>energy_min</name>"));
        given().queryParam("detail", "min").when().get("/tables").then().statusCode(200).body(not(containsString("<column>")));
        given().when().get("/tables/ivoa.obscore").then().statusCode(200).body(containsString("<name>s_region</name>"));
        given().when().get("/tables/ivoa.nothing").then().statusCode(404);
        given().when().get("/availability").then().statusCode(200).body(containsString("<vosi:available>true</vosi:available>"));
        given().when().get("/examples").then().statusCode(200).body(containsString("typeof=\"example\""))
                .body(containsString("PKS 2155-304"));
    }

    @Test
    void adqlParseAndTranslate() {
        given().formParam("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore").when().post("/adql/translate").then().statusCode(200)
                .body("valid", equalTo(true)).body("sql", containsString("obscore"));
        given().formParam("QUERY", "SELECT FROM").formParam("VERSION", "2.0").when().post("/adql/parse").then().statusCode(200)
                .body("valid", equalTo(false)).body("line", equalTo(1));
        given().formParam("QUERY", "SELECT x FROM ivoa.nope").when().post("/adql/translate").then().statusCode(200)
                .body("valid", equalTo(false));
        given().formParam("VERSION", "2.1").when().post("/adql/parse").then().statusCode(400);
    }

    @Test
    void everyExampleRuns() {
        for (ExamplesResource.Example e : ExamplesResource.EXAMPLES) {
            given().formParam("LANG", "ADQL").formParam("QUERY", e.query()).when().post("/sync").then().statusCode(200);
        }
        RestAssured.reset();
    }
}
