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
}
