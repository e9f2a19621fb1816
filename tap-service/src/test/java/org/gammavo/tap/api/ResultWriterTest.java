package org.gammavo.tap.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gammavo.adql.translate.OutputColumn;
import org.gammavo.tap.domain.ResultCursor;
import org.gammavo.tap.domain.ResultFormat;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.util.ByteArrayDataSource;
import uk.ac.starlink.votable.VOTableBuilder;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ResultWriter on its own, over a scripted cursor: the documents parse back (STIL for VOTable, Jackson for JSON) with
 * the values written, OVERFLOW follows the table, and a cursor that fails after some rows gives a well-formed
 * document ending in QUERY_STATUS=ERROR instead of a truncated one.
 */
class ResultWriterTest {

    private static final List<OutputColumn> COLUMNS = List.of(
            new OutputColumn("obs_id", "char", "*", null, null, null, null, null),
            new OutputColumn("s_ra", "double", null, null, "deg", "pos.eq.ra", null, null),
            new OutputColumn("n", "long", null, null, null, null, null, null));

    /** Rows (obs_id "r<i>", s_ra i+0.5, n i) up to {@code rows}; then end, or fail when {@code failAfter}. */
    private static ResultCursor cursor(int rows, boolean failAfter, boolean overflow) {
        Object[] row = new Object[3];
        return new ResultCursor() {
            int i;

            public List<OutputColumn> columns() {
                return COLUMNS;
            }

            public boolean next() throws IOException {
                if (i == rows) {
                    if (failAfter) throw new IOException("the database refused the query: division by zero");
                    return false;
                }
                row[0] = "r" + i;
                row[1] = i + 0.5;
                row[2] = i == 1 ? null : (long) i;
                i++;
                return true;
            }

            public Object[] row() {
                return row;
            }

            public boolean overflow() {
                return overflow && i == rows;
            }
        };
    }

    private static List<Object[]> readVotable(byte[] doc) throws IOException {
        StarTable t = new VOTableBuilder().makeStarTable(new ByteArrayDataSource("result", doc), false, StoragePolicy.PREFER_MEMORY);
        List<Object[]> rows = new ArrayList<>();
        try (RowSequence rs = t.getRowSequence()) {
            while (rs.next()) rows.add(rs.getRow().clone());
        }
        return rows;
    }

    /** The values of the QUERY_STATUS INFOs in document order, and whether the last one follows the TABLE. */
    private static List<String> queryStatuses(byte[] doc, boolean[] lastAfterTable) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        NodeList infos = f.newDocumentBuilder().parse(new ByteArrayInputStream(doc)).getElementsByTagNameNS("*", "INFO");
        List<String> out = new ArrayList<>();
        for (int k = 0; k < infos.getLength(); k++) {
            Element e = (Element) infos.item(k);
            if (!"QUERY_STATUS".equals(e.getAttribute("name"))) continue;
            out.add(e.getAttribute("value"));
            org.w3c.dom.Node prev = e.getPreviousSibling();
            while (prev != null && !(prev instanceof Element)) prev = prev.getPreviousSibling();
            lastAfterTable[0] = prev != null && "TABLE".equals(prev.getLocalName());
        }
        return out;
    }

    @Test
    void votableFormatsRoundTripThroughStil() throws Exception {
        for (ResultFormat format : new ResultFormat[] {ResultFormat.VOTABLE_BINARY2, ResultFormat.VOTABLE_TABLEDATA}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ResultWriter.write(format, cursor(3, false, false), "SELECT 1", out);
            List<Object[]> rows = readVotable(out.toByteArray());
            assertEquals(3, rows.size(), format.toString());
            assertEquals("r2", rows.get(2)[0]);
            assertEquals(2.5, ((Number) rows.get(2)[1]).doubleValue());
            assertNull(rows.get(1)[2], "NULL long stays NULL in " + format);
            boolean[] after = new boolean[1];
            assertEquals(List.of("OK"), queryStatuses(out.toByteArray(), after));
        }
    }

    @Test
    void overflowIsReportedAfterTheTable() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultWriter.write(ResultFormat.VOTABLE_BINARY2, cursor(2, false, true), null, out);
        boolean[] after = new boolean[1];
        assertEquals(List.of("OK", "OVERFLOW"), queryStatuses(out.toByteArray(), after));
        assertTrue(after[0]);
        assertEquals(2, readVotable(out.toByteArray()).size());
    }

    @Test
    void failureInMidStreamEndsTheVotableWithAnErrorInfo() throws Exception {
        for (ResultFormat format : new ResultFormat[] {ResultFormat.VOTABLE_BINARY2, ResultFormat.VOTABLE_TABLEDATA}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ResultWriter.IncompleteResult e = assertThrows(ResultWriter.IncompleteResult.class,
                    () -> ResultWriter.write(format, cursor(4, true, false), "SELECT 1", out));
            assertTrue(e.getMessage().contains("division by zero"));
            byte[] doc = out.toByteArray();
            assertEquals(4, readVotable(doc).size(), "rows sent before the failure are kept in " + format);
            boolean[] after = new boolean[1];
            assertEquals(List.of("OK", "ERROR"), queryStatuses(doc, after));
            assertTrue(after[0], "the ERROR INFO follows the TABLE");
            assertTrue(new String(doc, java.nio.charset.StandardCharsets.UTF_8).contains("the result is incomplete: the database refused"));
        }
    }

    @Test
    void failureInMidStreamIsStatedInJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(ResultWriter.IncompleteResult.class, () -> ResultWriter.write(ResultFormat.JSON, cursor(2, true, false), null, out));
        JsonNode doc = new ObjectMapper().readTree(out.toByteArray());
        assertEquals(2, doc.get("data").size());
        assertEquals("ERROR", doc.get("query_status").asText());
        assertTrue(doc.get("error").asText().contains("division by zero"));
    }

    /** Every kind of column the service produces, NULLs in each, two bytes of BINARY2 null mask, many rows: STIL reads back what was written. */
    @Test
    void binary2EncodesEveryKindAsStilReadsIt() throws Exception {
        List<OutputColumn> cols = List.of(
                new OutputColumn("s", "char", "*", null, null, null, null, null),
                new OutputColumn("b", "boolean", null, null, null, null, null, null),
                new OutputColumn("h", "short", null, null, null, null, null, null),
                new OutputColumn("i", "int", null, null, null, null, null, null),
                new OutputColumn("l", "long", null, null, null, null, null, null),
                new OutputColumn("f", "float", null, null, null, null, null, null),
                new OutputColumn("d", "double", null, null, null, null, null, null),
                new OutputColumn("circle", "double", "3", "circle", "deg", null, null, null),
                new OutputColumn("poly", "double", "*", "polygon", "deg", null, null, null),
                new OutputColumn("la", "long", "*", null, null, null, null, null),
                new OutputColumn("t", "char", "*", "timestamp", null, null, null, null));
        int rows = 30000;
        Object[] row = new Object[cols.size()];
        ResultCursor cursor = new ResultCursor() {
            int n;

            public List<OutputColumn> columns() {
                return cols;
            }

            public boolean next() {
                if (n == rows) return false;
                boolean nul = n % 7 == 3;
                row[0] = nul ? null : "obs-" + n + (n % 5 == 0 ? " Sgr A\u2605 " + "x".repeat(n % 300) : "");
                row[1] = nul ? null : n % 2 == 0;
                row[2] = nul ? null : (short) (n - 15000);
                row[3] = nul ? null : n * 7919;
                row[4] = nul ? null : (long) n << 33;
                row[5] = nul ? null : n / 3f;
                row[6] = nul ? null : n * 1e-3;
                row[7] = nul ? null : new double[] {n, -n, 0.5};
                row[8] = nul ? null : new double[n % 4 * 2];
                row[9] = nul ? null : new long[] {n, n + 1};
                row[10] = nul ? null : "2026-11-25T12:00:0" + (n % 10);
                n++;
                return true;
            }

            public Object[] row() {
                return row;
            }

            public boolean overflow() {
                return false;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultWriter.write(ResultFormat.VOTABLE_BINARY2, cursor, null, out);
        List<Object[]> back = readVotable(out.toByteArray());
        assertEquals(rows, back.size());
        for (int n = 0; n < rows; n++) {
            Object[] r = back.get(n);
            if (n % 7 == 3) {
                // NULL everywhere: absent values (NaN inside STIL's arrays is how it shows a null array of doubles)
                assertNull(r[0]);
                assertNull(r[1]);
                assertNull(r[2]);
                assertNull(r[3]);
                assertNull(r[4]);
                assertTrue(r[5] == null || Float.isNaN((Float) r[5]));
                assertTrue(r[6] == null || Double.isNaN((Double) r[6]));
                continue;
            }
            // STIL drops trailing blanks of char cells when reading
            String expect = ("obs-" + n + (n % 5 == 0 ? " Sgr A\u2605 " + "x".repeat(n % 300) : "")).stripTrailing();
            assertEquals(expect, r[0], "row " + n);
            assertEquals(n % 2 == 0, r[1]);
            assertEquals((short) (n - 15000), ((Number) r[2]).shortValue());
            assertEquals(n * 7919, ((Number) r[3]).intValue());
            assertEquals((long) n << 33, ((Number) r[4]).longValue());
            assertEquals(n / 3f, ((Number) r[5]).floatValue());
            assertEquals(n * 1e-3, ((Number) r[6]).doubleValue());
            org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {n, -n, 0.5}, (double[]) r[7]);
            assertEquals(n % 4 * 2, ((double[]) r[8]).length);
            org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {n, n + 1}, (long[]) r[9]);
            assertEquals("2026-11-25T12:00:0" + (n % 10), r[10]);
        }
        // the FIELDs are STIL's: the same as STIL's own TABLEDATA serialisation of these columns declares
        String doc = new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(doc.contains("<FIELD arraysize=\"3\" datatype=\"double\" name=\"circle\" unit=\"deg\" xtype=\"circle\"/>"), doc.substring(0, 2000));
    }
}
