package org.gammavo.tap.api;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobTopics;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.ColumnStarTable;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.ArrayColumn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18 part 2, persistent user tables, over HTTP against the real PostgreSQL and Kafka: alice creates tables
 * (VOTable by PUT, CSV by form, FITS by PUT, an async job's result), joins them with ivoa.obscore in sync and async
 * queries; bob and anonymous callers can neither see, query nor drop them; quotas, names and bad uploads are refused
 * with DALI errors and leave nothing in the database; DROP removes the table.
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class UserTablesTest {

    /** Crab Nebula and PKS 2155-304: the demo data has four Crab observations within 2.5 degrees, none of PKS. */
    static final String SOURCES = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">"
            + "<RESOURCE><TABLE><FIELD name=\"name\" datatype=\"char\" arraysize=\"*\"/>"
            + "<FIELD name=\"ra\" datatype=\"double\" unit=\"deg\" ucd=\"pos.eq.ra;meta.main\"/>"
            + "<FIELD name=\"dec\" datatype=\"double\" unit=\"deg\" ucd=\"pos.eq.dec;meta.main\"/>"
            + "<DATA><TABLEDATA><TR><TD>Crab</TD><TD>83.633</TD><TD>22.0145</TD></TR>"
            + "<TR><TD>PKS 2155-304</TD><TD>329.717</TD><TD>-30.2256</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";

    static final String JOIN = "SELECT s.name, o.obs_id FROM tap_user_alice.sources AS s JOIN ivoa.obscore AS o "
            + "ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', s.ra, s.dec, 2.5)) "
            + "WHERE o.dataproduct_type = 'hea-event-bundle' ORDER BY o.obs_id";

    static final String JOINED = "name,obs_id\r\nCrab,23523\r\nCrab,23526\r\nCrab,23559\r\nCrab,23592\r\n";

    @Inject
    AgroalDataSource db;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "gammavo.tap.results-dir")
    String resultsDir;

    private static RequestSpecification as(String user) {
        RequestSpecification r = given().log().ifValidationFails();
        return user == null ? r : r.auth().preemptive().basic(user, user);
    }

    private static void putSources(String user) {
        as(user).contentType("application/x-votable+xml").body(SOURCES).when().put("/user_tables/sources")
                .then().statusCode(201).body("table_name", equalTo("tap_user_" + user + ".sources")).body("rows", equalTo(2));
    }

    private static io.restassured.response.ValidatableResponse sync(String user, String query) {
        return as(user).formParam("LANG", "ADQL").formParam("QUERY", query).formParam("RESPONSEFORMAT", "csv")
                .when().post("/sync").then();
    }

    /** The database object and the registry rows of a user table: both or neither must exist. */
    private boolean inDatabase(String qualified) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            boolean table;
            try (ResultSet r = s.executeQuery("SELECT to_regclass('" + qualified + "') IS NOT NULL")) {
                r.next();
                table = r.getBoolean(1);
            }
            String[] p = qualified.split("\\.");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM tap.user_table WHERE schema_name = '" + p[0]
                    + "' AND table_name = '" + p[1] + "'")) {
                r.next();
                assertEquals(table, r.getLong(1) == 1, "registry and database disagree about " + qualified);
            }
            return table;
        }
    }

    @AfterEach
    void dropAll() {
        for (String user : List.of("alice", "bob", "operator")) {
            List<String> names = as(user).when().get("/user_tables").then().statusCode(200).extract().jsonPath().getList("tables.name");
            for (String n : names) as(user).when().delete("/user_tables/" + n).then().statusCode(204);
        }
    }

    @Test
    void aliceJoinsHerTableWithObsCoreBobCannotSeeItAndDropRemovesIt() throws Exception {
        putSources("alice");
        assertTrue(inDatabase("tap_user_alice.sources"));
        // alice, sync: her table joined with ObsCore (the sky position is indexed and the cone uses it)
        assertEquals(JOINED, sync("alice", JOIN).statusCode(200).extract().asString());
        as("alice").when().get("/user_tables").then().statusCode(200).body("schema", equalTo("tap_user_alice"))
                .body("tables[0].name", equalTo("sources")).body("tables[0].position", equalTo(List.of("ra", "dec")))
                .body("quota.tables.used", equalTo(1)).body("quota.rows.used", equalTo(2)).body("quota.rows.limit", equalTo(1000));
        // bob and anonymous: the ADQL cannot name it, the API does not show it, bob cannot drop it
        for (String other : new String[]{"bob", null}) {
            sync(other, JOIN).statusCode(400).contentType(startsWith("application/x-votable+xml"))
                    .body(containsString("QUERY_STATUS")).body(containsString("schema 'tap_user_alice' does not exist"));
        }
        as("bob").when().get("/user_tables").then().statusCode(200).body("tables.size()", equalTo(0));
        as("bob").when().get("/user_tables/sources").then().statusCode(404);
        as("bob").when().delete("/user_tables/sources").then().statusCode(404).body(containsString("QUERY_STATUS"));
        // bob's own table of the same name is his, in his schema
        putSources("bob");
        sync("bob", "SELECT COUNT(*) AS n FROM tap_user_bob.sources").statusCode(200).body(equalTo("n\r\n2\r\n"));
        sync("bob", "SELECT COUNT(*) AS n FROM tap_user_alice.sources").statusCode(400);
        assertTrue(inDatabase("tap_user_alice.sources"));
        // DROP: gone from the database, the registry and alice's queries
        as("alice").when().delete("/user_tables/sources").then().statusCode(204);
        assertFalse(inDatabase("tap_user_alice.sources"));
        sync("alice", JOIN).statusCode(400).body(containsString("tap_user_alice"));
        as("alice").when().delete("/user_tables/sources").then().statusCode(404);
        assertTrue(inDatabase("tap_user_bob.sources"));
    }

    @Test
    void asyncJobsOfTheOwnerSeeHerTableAndItsResultBecomesATable() throws Exception {
        putSources("alice");
        String aliceJob = runAsync("alice", JOIN, "csv");
        Path dir = Path.of(resultsDir, aliceJob);
        assertEquals(JOINED, Files.readString(dir.resolve("result.csv")));
        // a job of bob with the same query fails: the table is not his
        String bobJob = runAsync("bob", JOIN, "csv");
        String bobError = Files.readString(Path.of(resultsDir, bobJob, "error.xml"));
        assertTrue(bobError.contains("schema 'tap_user_alice' does not exist"), bobError);
        // CREATE from alice's job result (a VOTable keeps the column types; CSV types are guessed): a table of 4 rows;
        // bob cannot use alice's job
        String votJob = runAsync("alice", JOIN, "votable");
        as("bob").multiPart("name", "fromjob").multiPart("JOB", votJob).when().post("/user_tables").then().statusCode(404);
        as("alice").formParam("name", "fromjob").formParam("JOB", votJob).when().post("/user_tables")
                .then().statusCode(201).body("rows", equalTo(4)).body("table_name", equalTo("tap_user_alice.fromjob"));
        sync("alice", "SELECT f.obs_id, o.target_name FROM tap_user_alice.fromjob AS f JOIN ivoa.obscore AS o USING (obs_id) "
                + "WHERE o.dataproduct_type = 'hea-event-bundle' ORDER BY f.obs_id").statusCode(200)
                .body(startsWith("obs_id,target_name\r\n23523,Crab Nebula\r\n23526,Crab Nebula"));
        // a CSV result makes a table too (obs_id is then guessed to be a number)
        as("alice").multiPart("name", "fromcsv").multiPart("JOB", aliceJob).when().post("/user_tables")
                .then().statusCode(201).body("rows", equalTo(4));
    }

    /** Sends RunJob (as uws-service does for an authenticated job) and waits for the executor to finish it. */
    private String runAsync(String owner, String query, String format) throws Exception {
        String jobId = "ut" + UUID.randomUUID().toString().replace("-", "");
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            JobCommand.RunJob run = new JobCommand.RunJob(UUID.randomUUID().toString(), jobId, "async", "tap", Instant.now(),
                    owner, null, "async", Map.of("LANG", "ADQL", "QUERY", query, "RESPONSEFORMAT", format), 0);
            producer.send(new ProducerRecord<>(JobTopics.COMMANDS, jobId, JobContractCodec.encode(run))).get();
        }
        Path dir = Path.of(resultsDir, jobId);
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(dir.resolve("result.sha256")) || Files.exists(dir.resolve("error.xml"))) return jobId;
            Thread.sleep(100);
        }
        throw new AssertionError("async job " + jobId + " did not end");
    }

    @Test
    void csvByFormAndFitsByPut() throws Exception {
        String csv = "src,ra,dec,flux\nCrab,83.633,22.0145,1.5\nPKS,329.717,-30.2256,0.25\nNone,10.0,-80.0,\n";
        as("alice").multiPart("name", "csvsrc").multiPart("file", "s.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .when().post("/user_tables").then().statusCode(201).body("rows", equalTo(3))
                .body("position", equalTo(List.of("ra", "dec")));
        sync("alice", "SELECT c.src, COUNT(*) AS n FROM tap_user_alice.csvsrc AS c JOIN ivoa.obscore AS o "
                + "ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', c.ra, c.dec, 2.5)) "
                + "WHERE o.dataproduct_type = 'hea-event-bundle' GROUP BY c.src ORDER BY c.src")
                .statusCode(200).body(equalTo("src,n\r\nCrab,4\r\n"));
        sync("alice", "SELECT src FROM tap_user_alice.csvsrc WHERE flux IS NULL").statusCode(200).body(equalTo("src\r\nNone\r\n"));

        ColumnStarTable t = ColumnStarTable.makeTableWithRows(2);
        t.addColumn(ArrayColumn.makeColumn(new ColumnInfo("obs_id", String.class, null), new String[]{"23523", "23526"}));
        t.addColumn(ArrayColumn.makeColumn(new ColumnInfo("n", Long.class, null), new long[]{1, 2}));
        t.addColumn(ArrayColumn.makeColumn(new ColumnInfo("weight", Double.class, null), new double[]{0.5, 2.0}));
        ByteArrayOutputStream fits = new ByteArrayOutputStream();
        new uk.ac.starlink.fits.FitsTableWriter().writeStarTable(t, fits);
        as("alice").contentType("application/fits").body(fits.toByteArray()).when().put("/user_tables/weights")
                .then().statusCode(201).body("rows", equalTo(2)).body("columns[1].datatype", equalTo("long"));
        sync("alice", "SELECT w.weight, o.target_name FROM tap_user_alice.weights AS w JOIN ivoa.obscore AS o "
                + "USING (obs_id) WHERE o.dataproduct_type = 'hea-event-bundle' ORDER BY w.n")
                .statusCode(200).body(equalTo("weight,target_name\r\n0.5,Crab Nebula\r\n2.0,Crab Nebula\r\n"));
    }

    @Test
    void anonymousCannotCreateListOrDrop() {
        given().contentType("application/x-votable+xml").body(SOURCES).when().put("/user_tables/sources")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Basic")).body(containsString("QUERY_STATUS"));
        given().multiPart("name", "x").multiPart("file", "s.csv", "a\n1\n".getBytes(), "text/csv").when().post("/user_tables")
                .then().statusCode(401);
        given().when().get("/user_tables").then().statusCode(401);
        given().when().delete("/user_tables/sources").then().statusCode(401);
        given().auth().preemptive().basic("alice", "wrong").when().get("/user_tables").then().statusCode(401);
    }

    @Test
    void namesAndQuotasAreCheckedAndRefusalsLeaveNothing() throws Exception {
        String small = "a,b\n1,x\n";
        for (String bad : new String[]{"select", "1abc", "a-b", "tap_schema", "x".repeat(65)}) {
            as("operator").contentType("text/csv").body(small).when().put("/user_tables/" + bad).then().statusCode(400)
                    .contentType(startsWith("application/x-votable+xml")).body(containsString("table name"));
        }
        as("operator").contentType("text/csv").body(small).when().put("/user_tables/t1").then().statusCode(201);
        as("operator").contentType("text/csv").body(small).when().put("/user_tables/T1").then().statusCode(409)
                .body(containsString("exists already"));
        // rows: the quota is 1000 per user in the tests; 999 more than the one row used is refused, nothing is left
        StringBuilder big = new StringBuilder("a,b\n");
        for (int i = 0; i < 1000; i++) big.append(i).append(",x\n");
        as("operator").contentType("text/csv").body(big.toString()).when().put("/user_tables/big").then().statusCode(403)
                .body(containsString("quota exceeded")).body(containsString("rows"));
        assertFalse(inDatabase("tap_user_operator.big"));
        // one upload above max-upload-bytes (200 kB in the tests)
        as("operator").contentType("text/csv").body("a\n" + "1\n".repeat(120_000)).when().put("/user_tables/huge")
                .then().statusCode(413).body(containsString("larger than"));
        // tables: at most 5
        for (int i = 2; i <= 5; i++) as("operator").contentType("text/csv").body(small).when().put("/user_tables/t" + i).then().statusCode(201);
        as("operator").contentType("text/csv").body(small).when().put("/user_tables/t6").then().statusCode(403)
                .body(containsString("quota exceeded")).body(containsString("tables"));
        assertFalse(inDatabase("tap_user_operator.t6"));
        as("operator").when().get("/user_tables").then().statusCode(200).body("quota.tables.used", equalTo(5));
    }

    @Test
    void malformedUploadsAreRefusedAndLeaveNoHalfMadeTable() throws Exception {
        as("alice").contentType("application/x-votable+xml").body(SOURCES.substring(0, SOURCES.length() - 30))
                .when().put("/user_tables/broken").then().statusCode(400).body(containsString("not a readable"))
                .body(not(containsString("Exception:")));
        as("alice").contentType("application/x-votable+xml")
                .body("<?xml version=\"1.0\"?><!DOCTYPE v [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + SOURCES.substring(21))
                .when().put("/user_tables/broken").then().statusCode(400).body(containsString("DTDs are not allowed"));
        // fails while the rows are copied, after CREATE TABLE: the transaction takes the table with it
        String badTime = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
                + "<FIELD name=\"t\" datatype=\"char\" arraysize=\"*\" xtype=\"timestamp\"/><DATA><TABLEDATA>"
                + "<TR><TD>2020-01-01</TD></TR><TR><TD>not a time</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        as("alice").contentType("text/xml").body(badTime).when().put("/user_tables/broken").then().statusCode(400)
                .body(containsString("timestamp"));
        // the database refuses a cell (NUL in text) after some rows went in
        as("alice").contentType("text/csv").body("a,b\n1,x\n2,y\u0000z\n").when().put("/user_tables/broken").then().statusCode(400);
        as("alice").contentType("application/fits").body("SIMPLE  = T nonsense".getBytes()).when().put("/user_tables/broken")
                .then().statusCode(400).body(containsString("FITS"));
        as("alice").contentType("image/png").body(new byte[]{1, 2}).when().put("/user_tables/broken").then().statusCode(400)
                .body(containsString("unsupported table format"));
        assertFalse(inDatabase("tap_user_alice.broken"));
        as("alice").when().get("/user_tables").then().statusCode(200).body("tables.size()", equalTo(0));
    }

    @Test
    void vosiTablesAndTapSchemaShowTheTableToItsOwnerOnly() {
        putSources("alice");
        as("alice").when().get("/tables").then().statusCode(200).body(containsString("<name>tap_user_alice.sources</name>"))
                .body(containsString("<name>ivoa.obscore</name>"));
        for (String other : new String[]{"bob", null}) {
            as(other).when().get("/tables").then().statusCode(200).body(not(containsString("tap_user_alice")))
                    .body(containsString("<name>ivoa.obscore</name>"));
            as(other).when().get("/tables/tap_user_alice.sources").then().statusCode(404);
        }
        as("alice").when().get("/tables/tap_user_alice.sources").then().statusCode(200)
                .body(containsString("<name>ra</name>")).body(containsString("<flag>indexed</flag>"));
        String q = "SELECT t.table_name, c.column_name, c.indexed FROM TAP_SCHEMA.tables AS t JOIN TAP_SCHEMA.columns AS c "
                + "ON c.table_name = t.table_name WHERE t.schema_name LIKE 'tap_user%' ORDER BY c.column_index";
        sync("alice", q).statusCode(200).body(equalTo("table_name,column_name,indexed\r\n"
                + "tap_user_alice.sources,name,0\r\ntap_user_alice.sources,ra,1\r\ntap_user_alice.sources,dec,1\r\n"));
        sync("alice", "SELECT schema_name FROM TAP_SCHEMA.schemas WHERE schema_name LIKE 'tap_user%'").statusCode(200)
                .body(equalTo("schema_name\r\ntap_user_alice\r\n"));
        sync("bob", q).statusCode(200).body(equalTo("table_name,column_name,indexed\r\n"));
        sync(null, q).statusCode(200).body(equalTo("table_name,column_name,indexed\r\n"));
    }
}
