package org.gammavo.tap.security;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #20, items 1 and 2: an upload must not make the service read local files or internal URLs — neither through
 * XML (external entities, XInclude, STREAM href) nor through UPLOAD by URL (loopback, private, link-local addresses,
 * redirects). A small HTTP server on 127.0.0.1 stands for an internal service and counts what reaches it.
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class UploadSecurityTest {

    private static HttpServer server;
    private static int port;
    private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private static final String SECRET = "internal-secret-7f3a";
    private static final String VOTABLE = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">"
            + "<RESOURCE><TABLE><FIELD name=\"id\" datatype=\"int\"/><FIELD name=\"s\" datatype=\"char\" arraysize=\"*\"/>"
            + "<DATA><TABLEDATA><TR><TD>1</TD><TD>one</TD></TR><TR><TD>2</TD><TD>two</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";

    @BeforeAll
    static void internalServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        port = server.getAddress().getPort();
        server.createContext("/", x -> {
            String p = x.getRequestURI().getPath();
            hits.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
            byte[] body;
            int status = 200;
            switch (p) {
                case "/t.xml", "/t2.xml" -> body = VOTABLE.getBytes(StandardCharsets.UTF_8);
                case "/secret" -> body = SECRET.getBytes(StandardCharsets.UTF_8);
                case "/p.dtd" -> body = ("<!ENTITY e \"" + SECRET + "\">").getBytes(StandardCharsets.UTF_8);
                case "/to-loopback-ip" -> { status = 302; x.getResponseHeaders().add("Location", "http://127.0.0.1:" + port + "/t2.xml"); body = new byte[0]; }
                case "/to-localhost" -> { status = 302; x.getResponseHeaders().add("Location", "/t.xml"); body = new byte[0]; }
                case "/loop" -> { status = 302; x.getResponseHeaders().add("Location", "/loop"); body = new byte[0]; }
                default -> { status = 404; body = "no".getBytes(StandardCharsets.UTF_8); }
            }
            x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) x.getResponseBody().write(body);
            x.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop(0);
    }

    private static int hitsOf(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    private static Response inline(String votable) {
        return given().multiPart("LANG", "ADQL").multiPart("RESPONSEFORMAT", "csv").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.t")
                .multiPart("UPLOAD", "t,param:t").multiPart("t", "x.xml", votable.getBytes(StandardCharsets.UTF_8), "text/xml")
                .when().post("/sync");
    }

    private static Response byUrl(String url) {
        return given().formParam("LANG", "ADQL").formParam("RESPONSEFORMAT", "csv").formParam("QUERY", "SELECT * FROM TAP_UPLOAD.t")
                .formParam("UPLOAD", "t," + url).when().post("/sync");
    }

    private static String withDoctype(String subset, String cell) {
        return "<?xml version=\"1.0\"?><!DOCTYPE VOTABLE [" + subset + "]>" + VOTABLE.substring(VOTABLE.indexOf("?>") + 2)
                .replace("<TD>one</TD>", "<TD>" + cell + "</TD>");
    }

    private static String message(Response r) {
        String b = r.asString();
        int i = b.indexOf("value=\"ERROR\">");
        return i < 0 ? b : b.substring(i + 14, b.indexOf("</INFO>", i));
    }

    @Test
    void dtdsInUploadsAreRefusedBeforeAnyEntityIsResolved() throws Exception {
        String hostname = Files.readString(Path.of("/etc/hostname")).trim();
        String laughs = "<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                + "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">";
        String[][] cases = {
                {"file entity", withDoctype("<!ENTITY xxe SYSTEM \"file:///etc/hostname\">", "&xxe;")},
                {"http entity", withDoctype("<!ENTITY xxe SYSTEM \"http://127.0.0.1:" + port + "/secret\">", "&xxe;")},
                {"parameter entity", withDoctype("<!ENTITY % p SYSTEM \"http://127.0.0.1:" + port + "/p.dtd\"> %p;", "&e;")},
                {"external DTD", "<?xml version=\"1.0\"?><!DOCTYPE VOTABLE SYSTEM \"http://127.0.0.1:" + port + "/p.dtd\">"
                        + VOTABLE.substring(VOTABLE.indexOf("?>") + 2)},
                {"billion laughs", withDoctype(laughs, "&g;")},
                {"UTF-16 file entity", null},
        };
        for (String[] c : cases) {
            Response r;
            if (c[1] == null) {
                byte[] utf16 = withDoctype("<!ENTITY xxe SYSTEM \"file:///etc/hostname\">", "&xxe;")
                        .replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>").getBytes(StandardCharsets.UTF_16);
                r = given().multiPart("LANG", "ADQL").multiPart("RESPONSEFORMAT", "csv").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.t")
                        .multiPart("UPLOAD", "t,param:t").multiPart("t", "x.xml", utf16, "text/xml").when().post("/sync");
            } else {
                r = inline(c[1]);
            }
            String body = r.asString();
            assertFalse(body.contains(hostname) || body.contains(SECRET), c[0] + ": the upload read a local file or URL: " + body);
            assertEquals(400, r.statusCode(), c[0] + ": " + body);
            assertTrue(body.contains("QUERY_STATUS") && message(r).contains("DTDs are not allowed in uploads"), c[0] + ": " + body);
        }
        assertEquals(0, hitsOf("/secret") + hitsOf("/p.dtd"), "nothing reached the internal server");
    }

    @Test
    void xincludeAndStreamHrefAreNotFollowed() throws Exception {
        String hostname = Files.readString(Path.of("/etc/hostname")).trim();
        String xi = VOTABLE.replace("<VOTABLE ", "<VOTABLE xmlns:xi=\"http://www.w3.org/2001/XInclude\" ")
                .replace("<TD>one</TD>", "<TD><xi:include href=\"file:///etc/hostname\" parse=\"text\"/></TD>");
        Response r = inline(xi);
        assertFalse(r.asString().contains(hostname), "XInclude was followed: " + r.asString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 400, r.asString());
        for (String href : new String[] {"file:///etc/hostname", "http://127.0.0.1:" + port + "/secret"}) {
            String stream = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
                    + "<FIELD name=\"s\" datatype=\"char\" arraysize=\"*\"/><DATA><BINARY2><STREAM href=\"" + href + "\"/></BINARY2></DATA>"
                    + "</TABLE></RESOURCE></VOTABLE>";
            Response s = inline(stream);
            assertFalse(s.asString().contains(hostname) || s.asString().contains(SECRET), "STREAM href was read: " + s.asString());
            assertEquals(400, s.statusCode(), s.asString());
        }
        assertEquals(0, hitsOf("/secret"));
    }

    @Test
    void binary2AndTabledataUploadsStillWork() throws Exception {
        assertEquals("id,s\r\n1,one\r\n2,two\r\n", inline(VOTABLE).then().statusCode(200).extract().asString());
        uk.ac.starlink.table.RowListStarTable t = new uk.ac.starlink.table.RowListStarTable(new uk.ac.starlink.table.ColumnInfo[] {
                new uk.ac.starlink.table.ColumnInfo("id", Integer.class, null),
                new uk.ac.starlink.table.ColumnInfo("s", String.class, null)});
        t.addRow(new Object[] {1, "one"});
        t.addRow(new Object[] {2, "two"});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new uk.ac.starlink.votable.VOTableWriter(uk.ac.starlink.votable.DataFormat.BINARY2, true,
                uk.ac.starlink.votable.VOTableVersion.V14).writeStarTable(t, out);
        assertEquals("id,s\r\n1,one\r\n2,two\r\n", inline(out.toString(StandardCharsets.UTF_8)).then().statusCode(200).extract().asString());
    }

    @Test
    void uploadByUrlRefusesInternalAddressesWithOneMessage() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String[] refused = {
                "http://127.0.0.1:" + port + "/t.xml", "http://127.1:" + port + "/t.xml", "http://[::1]:" + port + "/t.xml",
                "http://[::ffff:127.0.0.1]:" + port + "/t.xml", "http://0.0.0.0:" + port + "/t.xml", "http://10.1.2.3/t.xml",
                "http://172.16.0.1/t.xml", "http://192.168.1.1/t.xml", "http://169.254.169.254/latest/meta-data/",
                "http://100.64.0.1/t.xml", "http://[fd00::1]/t.xml", "http://[fe80::1]/t.xml", "http://224.0.0.1/t.xml",
                "http://127.0.0.1:" + closed + "/t.xml", "http://localhost:" + closed + "/t.xml",
                "http://localhost:" + port + "/missing", "http://localhost:" + port + "/to-loopback-ip",
                "http://localhost:" + port + "/loop", "http://no-such-host.invalid/t.xml",
        };
        Set<String> messages = new HashSet<>();
        for (String url : refused) {
            Response r = byUrl(url);
            assertEquals(400, r.statusCode(), url + " " + r.asString());
            assertTrue(r.contentType().startsWith("application/x-votable+xml"), url);
            messages.add(message(r).replace(url, "<URL>"));  // the client's own URL is echoed, nothing else differs
        }
        assertEquals(1, messages.size(), "every refusal reads the same (no port-scanning oracle): " + messages);
        assertEquals(0, hitsOf("/t2.xml"), "a redirect to a loopback address is not followed");
        assertTrue(hitsOf("/loop") <= 4, "at most 3 redirects are followed: " + hitsOf("/loop"));
    }

    @Test
    void allowListedHostsAreFetched() {
        // the test configuration allow-lists the name "localhost" (gammavo.tap.upload.url.allowed-hosts)
        int before = hitsOf("/t.xml");
        assertEquals("id,s\r\n1,one\r\n2,two\r\n", byUrl("http://localhost:" + port + "/t.xml").then().statusCode(200).extract().asString());
        assertEquals("id,s\r\n1,one\r\n2,two\r\n", byUrl("http://localhost:" + port + "/to-localhost").then().statusCode(200).extract().asString());
        assertEquals(before + 2, hitsOf("/t.xml"));
    }
}
